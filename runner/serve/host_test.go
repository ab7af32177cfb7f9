package serve

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"syscall"

	"github.com/gantry-ci/gantry/runner"
)

// hostBackend runs steps on the test machine instead of in containers
// (copied from the runner package's tests), so the daemon is tested
// without a Docker engine.
type hostBackend struct{}

func (hostBackend) EnsureImage(context.Context, string, io.Writer) error { return nil }
func (hostBackend) HostPaths() bool                                      { return true }

func (hostBackend) StartJob(_ context.Context, spec runner.JobSpec) (runner.JobContainer, error) {
	return &hostJob{env: spec.Env, dir: spec.WorkingDir}, nil
}

type hostJob struct {
	env []string
	dir string
}

func (h *hostJob) Exec(ctx context.Context, spec runner.ExecSpec) (int, error) {
	cmd := exec.Command(spec.Cmd[0], spec.Cmd[1:]...)
	cmd.Env = append(append([]string{"HOME=" + os.Getenv("HOME"), "PATH=" + os.Getenv("PATH")}, h.env...), spec.Env...)
	cmd.Dir = spec.WorkingDir
	if cmd.Dir == "" {
		cmd.Dir = h.dir
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

func (h *hostJob) Remove(context.Context) error { return nil }
