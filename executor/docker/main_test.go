package docker

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
)

// Images built locally by testdata/env/images.sh; tests never pull.
const (
	runnerImage  = "gantry/runner:bookworm" // bash, git, node, docker CLI
	debianImage  = "gantry/debian:bookworm" // debootstrap minbase
	testLabelKey = "gantry.test"
)

// TestMain says up front when there is no engine. The engine tests then fail
// rather than skip: the project never skips its e2e tests silently.
func TestMain(m *testing.M) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	e, err := New(ctx)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "executor tests: %v\nexecutor tests: the engine tests will FAIL; provision an engine with testdata/env/engine.sh up && testdata/env/images.sh (make test does this)\n", err)
	} else {
		_ = e.Close()
	}
	os.Exit(m.Run())
}

// testEngine connects to the engine or fails the test.
func testEngine(t testing.TB) *Engine {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e, err := New(ctx)
	if err != nil {
		t.Fatalf("%v (run testdata/env/engine.sh up)", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// testLabel returns a label value unique to this test and, at cleanup, fails
// the test if any container carrying it is left (and removes those).
func testLabel(t testing.TB, e *Engine) string {
	t.Helper()
	value := strings.ToLower(SanitizeName(t.Name())) + "-" + strings.ToLower(rand.Text()[:8])
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		list, err := e.api.ContainerList(ctx, container.ListOptions{
			All: true, Filters: filters.NewArgs(filters.Arg("label", testLabelKey+"="+value)),
		})
		if err != nil {
			t.Errorf("list leftover containers: %v", err)
			return
		}
		for _, c := range list {
			t.Errorf("container %v (%s) left behind", c.Names, c.State)
			_ = e.remove(ctx, c.ID)
		}
	})
	return value
}

// startJob starts a job container labelled for this test and removes it at
// cleanup. Name and label are filled in when empty.
func startJob(t testing.TB, e *Engine, spec JobSpec) *Container {
	t.Helper()
	label := testLabel(t, e)
	if spec.Labels == nil {
		spec.Labels = map[string]string{}
	}
	spec.Labels[testLabelKey] = label
	if spec.Name == "" {
		spec.Name = "gantry-test-" + label
	}
	if spec.Image == "" {
		spec.Image = debianImage
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := e.StartJob(ctx, spec)
	if err != nil {
		t.Fatalf("StartJob: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.Remove(ctx); err != nil {
			t.Errorf("Remove: %v", err)
		}
	})
	return c
}

// run execs cmd and returns its stdout, failing the test unless it exits 0.
func run(t testing.TB, c *Container, cmd ...string) string {
	t.Helper()
	var out, errOut strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code, err := c.Exec(ctx, ExecSpec{Cmd: cmd, Stdout: &out, Stderr: &errOut})
	if err != nil || code != 0 {
		t.Fatalf("exec %q: code %d, err %v, stderr %q", cmd, code, err, errOut.String())
	}
	return out.String()
}
