package docker

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestExecStreamsStdoutAndStderrSeparately(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{Env: []string{"FROM_JOB=job"}})
	var out, errOut strings.Builder
	code, err := c.Exec(context.Background(), ExecSpec{
		Cmd:        []string{"bash", "-c", `echo "out $FOO $FROM_JOB $PWD"; echo "err $FOO" >&2`},
		Env:        []string{"FOO=bar"},
		WorkingDir: "/tmp",
		Stdout:     &out,
		Stderr:     &errOut,
	})
	if err != nil || code != 0 {
		t.Fatalf("Exec = %d, %v", code, err)
	}
	if got, want := out.String(), "out bar job /tmp\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	if got, want := errOut.String(), "err bar\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestExecExitCodes(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	for _, tc := range []struct {
		cmd  []string
		want int
	}{
		{[]string{"true"}, 0},
		{[]string{"sh", "-c", "exit 3"}, 3},
		{[]string{"false"}, 1},
	} {
		var errOut strings.Builder
		code, err := c.Exec(context.Background(), ExecSpec{Cmd: tc.cmd, Stderr: &errOut})
		if err != nil {
			t.Errorf("Exec(%q): %v", tc.cmd, err)
		}
		if code != tc.want {
			t.Errorf("Exec(%q) = %d, want %d (stderr %q)", tc.cmd, code, tc.want, errOut.String())
		}
	}
}

// A command that is not there exits 126, and the engine's reason arrives on
// stdout (that is where the engine writes it, for the docker CLI as well).
func TestExecMissingCommand(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	var out strings.Builder
	code, err := c.Exec(context.Background(), ExecSpec{Cmd: []string{"no-such-command-xyz"}, Stdout: &out})
	if err != nil || code != 126 {
		t.Fatalf("Exec = %d, %v; want 126", code, err)
	}
	if !strings.Contains(out.String(), `"no-such-command-xyz": executable file not found`) {
		t.Errorf("stdout = %q, want the engine's reason", out.String())
	}
}

func TestExecUser(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	var out strings.Builder
	code, err := c.Exec(context.Background(), ExecSpec{Cmd: []string{"id", "-un"}, User: "nobody", Stdout: &out})
	if err != nil || code != 0 || out.String() != "nobody\n" {
		t.Fatalf("Exec as nobody = %d, %v, %q", code, err, out.String())
	}
}

func TestExecEmptyCommand(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	if _, err := c.Exec(context.Background(), ExecSpec{}); err == nil {
		t.Fatal("Exec with no command: want an error")
	}
}

// The command, a background child and a child in its own session all go;
// Exec returns promptly with ctx's error; the writers are not used after.
func TestExecCancelStopsTheProcessTree(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	ctx, cancel := context.WithCancel(context.Background())
	var out strings.Builder
	go func() {
		time.Sleep(500 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	code, err := c.Exec(ctx, ExecSpec{
		Cmd:    []string{"bash", "-c", "sleep 101 & setsid sleep 102 & echo started; sleep 103; echo never"},
		Stdout: &out,
	})
	elapsed := time.Since(start) - 500*time.Millisecond
	if !errors.Is(err, context.Canceled) || code != -1 {
		t.Fatalf("Exec = %d, %v; want -1, context.Canceled", code, err)
	}
	if elapsed > 2*time.Second {
		t.Errorf("Exec returned %v after cancel, want < 2s", elapsed)
	}
	t.Logf("returned %v after cancel", elapsed)
	if out.String() != "started\n" {
		t.Errorf("stdout = %q", out.String())
	}
	if ps := processes(t, c); strings.Contains(ps, "sleep 10") {
		t.Errorf("processes left after cancel:\n%s", ps)
	}
}

// A command that ignores SIGTERM is killed after the grace period.
func TestExecCancelKillsWhatIgnoresTerm(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Exec(ctx, ExecSpec{Cmd: []string{"bash", "-c", "trap '' TERM; sleep 104 & wait; sleep 105"}})
	elapsed := time.Since(start) - 500*time.Millisecond
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Exec: %v, want context.DeadlineExceeded", err)
	}
	if elapsed > 2*time.Second {
		t.Errorf("Exec returned %v after the deadline, want < 2s", elapsed)
	}
	t.Logf("returned %v after the deadline", elapsed)
	if ps := processes(t, c); strings.Contains(ps, "sleep 10") || strings.Contains(ps, "trap") {
		t.Errorf("processes left after cancel:\n%s", ps)
	}
}

// Other execs in the same container are not touched by a cancel.
func TestExecCancelLeavesOtherExecs(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	other := make(chan int, 1)
	go func() {
		code, _ := c.Exec(context.Background(), ExecSpec{Cmd: []string{"sh", "-c", "sleep 1.5; exit 7"}})
		other <- code
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := c.Exec(ctx, ExecSpec{Cmd: []string{"sleep", "106"}}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Exec: %v", err)
	}
	if code := <-other; code != 7 {
		t.Errorf("the other exec ended with %d, want 7", code)
	}
}

// processes lists the command lines of the container's processes, without
// ps (minbase has no procps).
func processes(t *testing.T, c *Container) string {
	t.Helper()
	return run(t, c, "sh", "-c", `for d in /proc/[0-9]*; do c=$(tr '\0' ' ' < $d/cmdline 2>/dev/null); [ -n "$c" ] && echo "$c"; done; true`)
}
