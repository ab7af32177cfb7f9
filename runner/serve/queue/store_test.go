package queue

import (
	"path/filepath"
	"testing"
)

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestQueueOrderAndRecover(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	s := open(t, path)
	for _, ev := range []string{"push", "release", "pull_request"} {
		if _, err := s.Enqueue(Run{Event: ev, Repository: "octo/app"}, []byte(`{"x":1}`)); err != nil {
			t.Fatal(err)
		}
	}
	first, err := s.Claim()
	if err != nil || first == nil || first.ID != 1 || first.Status != Running {
		t.Fatalf("claim = %+v, %v; want run 1 running", first, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// A new process: the run left running is interrupted, the rest wait.
	s = open(t, path)
	defer s.Close()
	ids, err := s.Recover()
	if err != nil || len(ids) != 1 || ids[0] != 1 {
		t.Fatalf("recover = %v, %v; want [1]", ids, err)
	}
	tests := []struct {
		id   int64
		want Status
	}{{1, Interrupted}, {2, Queued}, {3, Queued}}
	for _, tc := range tests {
		r, err := s.Get(tc.id)
		if err != nil || r.Status != tc.want {
			t.Errorf("run %d = %+v, %v; want %s", tc.id, r, err, tc.want)
		}
	}
	next, _ := s.Claim()
	if next == nil || next.ID != 2 {
		t.Fatalf("next claim = %+v; want run 2", next)
	}
	if p, _ := s.Payload(2); string(p) != `{"x":1}` {
		t.Errorf("payload = %s", p)
	}
	list, _ := s.List(0)
	if len(list) != 3 || list[0].ID != 3 {
		t.Errorf("list = %d runs, first %d; want 3, newest first", len(list), list[0].ID)
	}
}

func TestState(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "runs.db"))
	defer s.Close()
	var m map[string]string
	if found, err := s.LoadState("refs", &m); found || err != nil {
		t.Fatalf("empty store: found=%v err=%v", found, err)
	}
	if err := s.SaveState("refs", map[string]string{"refs/heads/main": "abc"}); err != nil {
		t.Fatal(err)
	}
	if found, _ := s.LoadState("refs", &m); !found || m["refs/heads/main"] != "abc" {
		t.Fatalf("state = %v", m)
	}
}
