package queue

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrNotFound is returned for a run id the store does not have.
var ErrNotFound = errors.New("no such run")

var (
	bucketRuns     = []byte("runs")
	bucketPayloads = []byte("payloads") // id → the event payload JSON, kept apart so listings stay small
	bucketState    = []byte("state")    // key → JSON, for the daemon's own bookkeeping (polled refs)
)

// Store is the bbolt database of runs. It is safe for concurrent use.
type Store struct {
	db  *bolt.DB
	now func() time.Time
}

// Open opens (creating) the database at path. It waits at most a second
// for another process holding it, rather than hanging.
func Open(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("open run store %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketRuns, bucketPayloads, bucketState} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open run store %s: %w", path, err)
	}
	return &Store{db: db, now: time.Now}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func key(id int64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, uint64(id))
	return k
}

func put(tx *bolt.Tx, r *Run) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketRuns).Put(key(r.ID), data)
}

func get(tx *bolt.Tx, id int64) (*Run, error) {
	data := tx.Bucket(bucketRuns).Get(key(id))
	if data == nil {
		return nil, fmt.Errorf("run %d: %w", id, ErrNotFound)
	}
	var r Run
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("run %d: %w", id, err)
	}
	return &r, nil
}

// Enqueue stores r as queued with a new id (from 1 up, never reused) and
// its payload, and returns the id.
func (s *Store) Enqueue(r Run, payload []byte) (int64, error) {
	err := s.db.Update(func(tx *bolt.Tx) error {
		seq, err := tx.Bucket(bucketRuns).NextSequence()
		if err != nil {
			return err
		}
		r.ID, r.Status, r.Queued = int64(seq), Queued, s.now().UTC()
		if err := put(tx, &r); err != nil {
			return err
		}
		if len(payload) == 0 {
			return nil
		}
		return tx.Bucket(bucketPayloads).Put(key(r.ID), payload)
	})
	if err != nil {
		return 0, fmt.Errorf("enqueue run: %w", err)
	}
	return r.ID, nil
}

// Claim marks the oldest queued run running and returns it, or nil when
// none is waiting. Claims are serialised by bbolt's single writer, so two
// slots never take the same run.
func (s *Store) Claim() (*Run, error) {
	var claimed *Run
	err := s.db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRuns).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if r.Status != Queued {
				continue
			}
			r.Status, r.Started = Running, s.now().UTC()
			claimed = &r
			return put(tx, &r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim run: %w", err)
	}
	return claimed, nil
}

// Update changes run id with fn in one transaction.
func (s *Store) Update(id int64, fn func(*Run)) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		r, err := get(tx, id)
		if err != nil {
			return err
		}
		fn(r)
		r.ID = id
		return put(tx, r)
	})
	if err != nil {
		return fmt.Errorf("update run %d: %w", id, err)
	}
	return nil
}

// Finish gives run id its final status.
func (s *Store) Finish(id int64, st Status, reason string, artifacts int) error {
	return s.Update(id, func(r *Run) {
		r.Status, r.Error, r.Finished, r.Artifacts = st, reason, s.now().UTC(), artifacts
	})
}

// Recover marks every run left running by a previous process interrupted
// and returns their ids; it is called once at start, before any claim.
func (s *Store) Recover() ([]int64, error) {
	var ids []int64
	err := s.db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRuns).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if r.Status != Running {
				continue
			}
			r.Status, r.Finished = Interrupted, s.now().UTC()
			r.Error = "the daemon stopped while the run was in progress"
			ids = append(ids, r.ID)
			if err := put(tx, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("recover runs: %w", err)
	}
	return ids, nil
}
