package queue

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Get returns run id; the error wraps ErrNotFound when there is none.
func (s *Store) Get(id int64) (*Run, error) {
	var r *Run
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		r, err = get(tx, id)
		return err
	})
	return r, err
}

// List returns up to limit runs, newest first (limit <= 0: all).
func (s *Store) List(limit int) ([]*Run, error) {
	var out []*Run
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRuns).Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			out = append(out, &r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return out, nil
}

// Count returns how many runs have each status.
func (s *Store) Count() (map[Status]int, error) {
	counts := map[Status]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRuns).ForEach(func(_, v []byte) error {
			var r struct {
				Status Status `json:"status"`
			}
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			counts[r.Status]++
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("count runs: %w", err)
	}
	return counts, nil
}

// Payload returns the event payload stored with run id, or nil.
func (s *Store) Payload(id int64) ([]byte, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketPayloads).Get(key(id)); v != nil {
			out = append([]byte(nil), v...)
		}
		return nil
	})
	return out, err
}

// LoadState decodes the daemon's bookkeeping value name into v; it
// reports false when there is none yet.
func (s *Store) LoadState(name string, v any) (bool, error) {
	var found bool
	err := s.db.View(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketState).Get([]byte(name))
		if data == nil {
			return nil
		}
		found = true
		return json.Unmarshal(data, v)
	})
	if err != nil {
		return false, fmt.Errorf("load state %s: %w", name, err)
	}
	return found, nil
}

// SaveState stores v as the bookkeeping value name.
func (s *Store) SaveState(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("save state %s: %w", name, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketState).Put([]byte(name), data)
	})
	if err != nil {
		return fmt.Errorf("save state %s: %w", name, err)
	}
	return nil
}
