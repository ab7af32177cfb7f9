// Package host is the backend that runs job legs' commands directly on this
// machine, without containers. It keeps the runner's own tests (if, needs,
// outputs, fail-fast, cancel) and gantry serve's in milliseconds; every
// capability also has a test on the Docker backend. Jobs see host paths as
// they are, so it is no isolation and is not offered to users.
package host

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"

	"github.com/gantry-ci/gantry/executor"
)

// Backend runs legs on the host. Its zero value is ready to use.
type Backend struct {
	mu   sync.Mutex
	live int
}

// Where is a mount's Source: nothing is mounted, jobs see host paths.
func (*Backend) Where(m executor.Mount) string { return m.Source }

// Setup starts nothing: a leg is its environment and working directory.
func (b *Backend) Setup(_ context.Context, spec executor.LegSpec, _ io.Writer) (executor.Leg, error) {
	b.mu.Lock()
	b.live++
	b.mu.Unlock()
	return &leg{b: b, env: spec.Env, dir: spec.WorkingDir}, nil
}

// Live is the number of legs set up and not yet destroyed, for tests that
// check every leg is torn down.
func (b *Backend) Live() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.live
}

type leg struct {
	b       *Backend
	env     []string
	dir     string
	destroy sync.Once
}

func (l *leg) Exec(ctx context.Context, spec executor.ExecSpec) (int, error) {
	cmd := exec.Command(spec.Cmd[0], spec.Cmd[1:]...)
	// The host's HOME and PATH first: the leg's and the command's own
	// values come later and win.
	cmd.Env = append(append([]string{"HOME=" + os.Getenv("HOME"), "PATH=" + os.Getenv("PATH")}, l.env...), spec.Env...)
	cmd.Dir = spec.WorkingDir
	if cmd.Dir == "" {
		cmd.Dir = l.dir
	}
	cmd.Stdout, cmd.Stderr = spec.Stdout, spec.Stderr
	// A process group, so that cancelling kills the script's children too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := os.MkdirAll(cmd.Dir, 0o755); err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), nil
		}
		return 0, err
	case <-ctx.Done():
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		return -1, ctx.Err()
	}
}

func (l *leg) Destroy(context.Context) error {
	l.destroy.Do(func() {
		l.b.mu.Lock()
		l.b.live--
		l.b.mu.Unlock()
	})
	return nil
}
