package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gantry-ci/gantry/executor/host"
	"github.com/gantry-ci/gantry/runner/serve/queue"
)

const echoWorkflow = `name: ci
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo "hello from gantry serve"
      - run: sleep ${SLEEP:-0}
        env:
          SLEEP: ${{ vars.SLEEP }}
`

// run runs a command in dir, failing the test on error.
func run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// bareRepo makes a bare repository and a clone of it holding workflow,
// committed on main but not pushed; it returns both paths.
func bareRepo(t testing.TB, workflow string) (bare, clone string) {
	t.Helper()
	root := t.TempDir()
	bare, clone = filepath.Join(root, "app.git"), filepath.Join(root, "app")
	run(t, root, "git", "init", "--quiet", "--bare", "--initial-branch=main", bare)
	run(t, root, "git", "clone", "--quiet", bare, clone)
	run(t, clone, "git", "checkout", "--quiet", "-B", "main")
	if err := os.MkdirAll(filepath.Join(clone, ".github", "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(clone, ".github", "workflows", "ci.yml"), []byte(workflow), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, clone, "git", "add", ".")
	run(t, clone, "git", "commit", "--quiet", "-m", "ci")
	return bare, clone
}

// daemon is a running Server on a loopback port.
type daemon struct {
	*Server
	URL    string
	cancel context.CancelFunc
	done   chan error
}

func startDaemon(t testing.TB, cfg Config) *daemon {
	t.Helper()
	s, err := New(cfg, &host.Backend{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &daemon{Server: s, URL: "http://" + ln.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	go func() { d.done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() { d.stop(t) })
	return d
}

// stop shuts the daemon down and waits for Serve to return; it may be
// called more than once.
func (d *daemon) stop(t testing.TB) {
	t.Helper()
	if d.cancel == nil {
		return
	}
	d.cancel()
	d.cancel = nil
	select {
	case err := <-d.done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the daemon did not stop")
	}
}

// waitRun polls the API until run id has a final status.
func waitRun(t testing.TB, url string, id int64) *queue.Run {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var r queue.Run
		if getJSON(t, fmt.Sprintf("%s/api/runs/%d", url, id), &r) == http.StatusOK && r.Status.Final() {
			return &r
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("run %d did not finish", id)
	return nil
}

func getJSON(t testing.TB, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
