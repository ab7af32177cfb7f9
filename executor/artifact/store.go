// Package artifact is the storage and file selection behind gantry's built-in
// actions/upload-artifact@v4 and actions/download-artifact@v4. It works on
// host paths: a job's workspace is a host directory.
//
// A run's artifacts live under <root>/<runID>/ as <id>-<name>.zip, one
// immutable zip per artifact as in v4, with index.json describing them.
// Writers serialise on an in-process mutex plus flock(2) on <root>/<runID>/.lock,
// so the jobs of a run and two gantry processes sharing the directory agree
// on IDs and names; every file appears by rename of an O_EXCL temp file, so
// readers never see a partial zip or index and need no lock.
package artifact

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"
)

// ErrNotFound is wrapped by the errors of lookups that find no artifact.
var ErrNotFound = errors.New("artifact not found")

// notFoundError carries download-artifact's exact message.
type notFoundError struct{ name string }

func (e *notFoundError) Error() string { return fmt.Sprintf("Artifact '%s' not found", e.name) }
func (e *notFoundError) Unwrap() error { return ErrNotFound }

// Artifact describes one stored artifact.
type Artifact struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Size    int64     `json:"size"`    // bytes of the zip
	Digest  string    `json:"digest"`  // hex sha256 of the zip, upload-artifact's artifact-digest output
	Created time.Time `json:"created"` // UTC
	Expires time.Time `json:"expires"` // Created + retention days
	Path    string    `json:"-"`       // the zip on disk
}

// Store keeps one run's artifacts. It is safe for concurrent use.
type Store struct {
	dir string
	mu  sync.Mutex // serialises this process's writers; flock covers other processes
}

// index is index.json. NextID is kept rather than derived from the listed
// artifacts so that an ID freed by overwrite is never handed out again.
type index struct {
	NextID    int64       `json:"next_id"`
	Artifacts []*Artifact `json:"artifacts"`
}

const (
	indexName = "index.json"
	lockName  = ".lock"
)

// OpenStore opens the store of run runID under root, creating root/<runID>.
func OpenStore(root string, runID int64) (*Store, error) {
	if runID <= 0 {
		return nil, fmt.Errorf("open artifact store: run id %d is not positive", runID)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("open artifact store: %w", err)
	}
	dir := filepath.Join(abs, strconv.FormatInt(runID, 10))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open artifact store: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Runs returns the run IDs that have a store under root, newest (highest)
// first. A missing root has none.
func Runs(root string) ([]int64, error) {
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("list artifact runs: %w", err)
	}
	var ids []int64
	for _, e := range entries {
		id, err := strconv.ParseInt(e.Name(), 10, 64)
		if err == nil && id > 0 && e.IsDir() {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	slices.Reverse(ids)
	return ids, nil
}

// List returns the run's artifacts ordered by ID.
func (s *Store) List() ([]*Artifact, error) {
	ix, err := s.readIndex()
	if err != nil {
		return nil, err
	}
	return ix.Artifacts, nil
}

// Get returns the artifact called name; the error wraps ErrNotFound when
// there is none.
func (s *Store) Get(name string) (*Artifact, error) {
	ix, err := s.readIndex()
	if err != nil {
		return nil, err
	}
	if a := ix.find(name); a != nil {
		return a, nil
	}
	return nil, &notFoundError{name: name}
}

func (ix *index) find(name string) *Artifact {
	for _, a := range ix.Artifacts {
		if a.Name == name {
			return a
		}
	}
	return nil
}

func (s *Store) zipPath(a *Artifact) string {
	return filepath.Join(s.dir, fmt.Sprintf("%d-%s.zip", a.ID, a.Name))
}

// readIndex loads index.json; a store nobody has written to yet is empty.
func (s *Store) readIndex() (*index, error) {
	data, err := os.ReadFile(filepath.Join(s.dir, indexName))
	if errors.Is(err, fs.ErrNotExist) {
		return &index{NextID: 1}, nil
	} else if err != nil {
		return nil, fmt.Errorf("read artifact index: %w", err)
	}
	ix := &index{}
	if err := json.Unmarshal(data, ix); err != nil {
		return nil, fmt.Errorf("read artifact index %s: %w", filepath.Join(s.dir, indexName), err)
	}
	for _, a := range ix.Artifacts {
		a.Path = s.zipPath(a)
		ix.NextID = max(ix.NextID, a.ID+1)
	}
	slices.SortFunc(ix.Artifacts, func(a, b *Artifact) int { return cmp.Compare(a.ID, b.ID) })
	return ix, nil
}

// update runs fn on the index while holding both locks and saves the result.
func (s *Store) update(fn func(ix *index) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	lock, err := os.OpenFile(filepath.Join(s.dir, lockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("lock artifact store: %w", err)
	}
	defer lock.Close() // closing releases the flock too
	if err := lockFile(lock); err != nil {
		return fmt.Errorf("lock artifact store: %w", err)
	}
	ix, err := s.readIndex()
	if err != nil {
		return err
	}
	if err := fn(ix); err != nil {
		return err
	}
	return s.writeIndex(ix)
}

// writeIndex replaces index.json atomically.
func (s *Store) writeIndex(ix *index) error {
	data, err := json.MarshalIndent(ix, "", "  ")
	if err != nil {
		return fmt.Errorf("write artifact index: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, ".index-*.tmp")
	if err != nil {
		return fmt.Errorf("write artifact index: %w", err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(s.dir, indexName))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write artifact index: %w", err)
	}
	return nil
}
