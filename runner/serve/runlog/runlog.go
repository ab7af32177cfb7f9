// Package runlog keeps each run's live log: the runner's report events
// as JSON lines in one file per run, readable (and followable) while the
// run writes it, and folded into jobs and steps for the API and page.
package runlog

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/gantry-ci/gantry/runner"
)

// Dir holds the log files.
type Dir string

// Path is the log file of run id.
func (d Dir) Path(id int64) string {
	return filepath.Join(string(d), strconv.FormatInt(id, 10)+".jsonl")
}

// Writer is a runner.Reporter appending to a run's log file. Events are
// already masked by the runner, so secrets never reach the file.
type Writer struct {
	mu  sync.Mutex
	f   *os.File
	enc *json.Encoder
}

// Create opens run id's log for appending (a run that is retried after a
// restart keeps what it logged before).
func (d Dir) Create(id int64) (*Writer, error) {
	if err := os.MkdirAll(string(d), 0o755); err != nil {
		return nil, fmt.Errorf("run log: %w", err)
	}
	f, err := os.OpenFile(d.Path(id), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run log: %w", err)
	}
	return &Writer{f: f, enc: json.NewEncoder(f)}, nil
}

// Report appends e as one JSON line.
func (w *Writer) Report(e runner.Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_ = w.enc.Encode(e) // a full disk must not stop the run; the file is best effort
}

// Close closes the file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.f.Close()
}

// Read returns the run's events; a run without a log has none.
func (d Dir) Read(id int64) ([]runner.Event, error) {
	f, err := os.Open(d.Path(id))
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("run log: %w", err)
	}
	defer f.Close()
	return Decode(f)
}

// Decode reads JSON event lines, skipping a torn last line (a crash mid-write).
func Decode(r io.Reader) ([]runner.Event, error) {
	var out []runner.Event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var e runner.Event
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			out = append(out, e)
		}
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("run log: %w", err)
	}
	return out, nil
}
