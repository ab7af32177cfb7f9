package docker

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/pkg/stdcopy"

	"github.com/gantry-ci/gantry/executor"
)

// execMarkerEnv tags every process of one Exec: children inherit it, so the
// whole tree can be found and stopped on cancel (see stopExec).
const execMarkerEnv = "GANTRY_EXEC_ID"

// stopScript stops every process whose environment holds the marker given as
// $1: SIGTERM to all of them while they are stopped (so that none runs on
// between its child's death and its own signal: a shell would run its next
// command), up to 1 s of grace (polled with the kill -0 builtin, so a busy
// machine does not stretch it), then SIGKILL for whatever still carries the
// marker, including processes started during the grace. It needs only a POSIX
// sh and cat, which even busybox images have. The marker is an argument, not
// in the script's own environment, so it never matches itself; zombies have an
// empty environ and are skipped.
const stopScript = `m="` + execMarkerEnv + `=$1"
pids() { for d in /proc/[0-9]*; do case "$(cat "$d/environ" 2>/dev/null)" in *"$m"*) echo "${d#/proc/}";; esac; done; }
p=$(pids); [ -z "$p" ] && exit 0
kill -STOP $p 2>/dev/null; kill -TERM $p 2>/dev/null; kill -CONT $p 2>/dev/null
i=0
while [ $i -lt 10 ]; do
  a=; for x in $p; do kill -0 $x 2>/dev/null && a="$a $x"; done
  [ -z "$a" ] && break
  p=$a; i=$((i+1)); sleep 0.1
done
for n in 1 2 3; do p=$(pids); [ -z "$p" ] && exit 0; kill -KILL $p 2>/dev/null; done
exit 0`

// ExecSpec is one command to run in a job container (the contract's type).
type ExecSpec = executor.ExecSpec

// Exec runs one command to completion, streaming its output live, and returns
// its exit code.
//
// Cancelling ctx stops the command and returns ctx.Err(). Docker has no API
// to signal an exec, and the exec's host pid is no use when the engine is
// remote or gantry is not root. So each exec carries a unique marker in its
// environment, and a second exec (as root) signals every process that still
// carries it: the command and all its descendants, even ones that started
// their own session or were orphaned to init. (A process that clears its
// environment, as sudo does, escapes; removing the container ends it.) The
// command sees the marker as $GANTRY_EXEC_ID.
func (c *Container) Exec(ctx context.Context, spec ExecSpec) (int, error) {
	if len(spec.Cmd) == 0 {
		return -1, fmt.Errorf("exec in %s: empty command", c.name)
	}
	marker := rand.Text()
	env := append(slices.Clone(spec.Env), execMarkerEnv+"="+marker)
	created, err := c.engine.api.ContainerExecCreate(ctx, c.id, container.ExecOptions{
		User: spec.User, Env: env, WorkingDir: spec.WorkingDir, Cmd: spec.Cmd,
		AttachStdout: true, AttachStderr: true,
	})
	if err != nil {
		return -1, c.execErr(ctx, spec.Cmd, "create", err)
	}
	resp, err := c.engine.api.ContainerExecAttach(ctx, created.ID, container.ExecAttachOptions{})
	if err != nil {
		if ctx.Err() != nil { // the start may have reached the engine
			return -1, c.stopped(ctx, marker)
		}
		return -1, c.execErr(ctx, spec.Cmd, "start", err)
	}
	defer resp.Close()
	done := make(chan error, 1)
	go func() {
		_, err := stdcopy.StdCopy(orDiscard(spec.Stdout), orDiscard(spec.Stderr), resp.Reader)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			// A writer failed or the connection dropped: the command
			// would run on unobserved.
			_ = c.stopExec(ctx, marker)
			return -1, c.execErr(ctx, spec.Cmd, "stream output of", err)
		}
		return c.exitCode(ctx, created.ID, spec.Cmd, marker)
	case <-ctx.Done():
		err := c.stopped(ctx, marker)
		// Closing the connection ends StdCopy; wait for it so that nothing
		// writes to the caller's writers after Exec returns.
		resp.Close()
		<-done
		return -1, err
	}
}

// stopped stops the exec's processes and returns ctx.Err(), with the reason
// if they could not be stopped (errors.Is(err, context.Canceled) still holds).
func (c *Container) stopped(ctx context.Context, marker string) error {
	if err := c.stopExec(ctx, marker); err != nil {
		return fmt.Errorf("%w (stopping the command in %s: %v)", ctx.Err(), c.name, err)
	}
	return ctx.Err()
}

// stopExec runs stopScript for marker in a second exec and waits for it.
func (c *Container) stopExec(ctx context.Context, marker string) error {
	if marker == "" { // would match every exec in the container
		return errors.New("no exec marker")
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	api := c.engine.api
	created, err := api.ContainerExecCreate(sctx, c.id, container.ExecOptions{
		User: "0", Cmd: []string{"/bin/sh", "-c", stopScript, "gantry-stop", marker},
		AttachStdout: true, AttachStderr: true,
	})
	if err != nil {
		return err
	}
	resp, err := api.ContainerExecAttach(sctx, created.ID, container.ExecAttachOptions{})
	if err != nil {
		return err
	}
	defer resp.Close()
	var out bytes.Buffer
	if _, err := stdcopy.StdCopy(&out, &out, resp.Reader); err != nil {
		return err
	}
	insp, err := api.ContainerExecInspect(sctx, created.ID)
	if err != nil {
		return err
	}
	if insp.ExitCode != 0 {
		return fmt.Errorf("stop script exited %d: %s", insp.ExitCode, oneLine(out.String()))
	}
	return nil
}

// exitCode reads the exec's exit code once its output has ended. The engine
// can report the exec as still running for a moment after the stream closes,
// so it polls briefly.
func (c *Container) exitCode(ctx context.Context, execID string, cmd []string, marker string) (int, error) {
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		insp, err := c.engine.api.ContainerExecInspect(ctx, execID)
		if err != nil {
			return -1, c.execErr(ctx, cmd, "inspect", err)
		}
		if !insp.Running {
			return insp.ExitCode, nil
		}
		select {
		case <-ctx.Done():
			return -1, c.stopped(ctx, marker)
		case <-time.After(delay):
		}
	}
}

func (c *Container) execErr(ctx context.Context, cmd []string, what string, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return ctx.Err()
	}
	// The entrypoint may die just after StartJob looked (the init reports a
	// missing binary only once it runs), and the engine then fails the exec
	// in several ways (a conflict, a failed upgrade): say why the container
	// is gone instead.
	if gone := c.checkRunning(context.WithoutCancel(ctx)); gone != nil {
		return gone
	}
	return fmt.Errorf("%s exec %q in %s: %w", what, strings.Join(cmd, " "), c.name, err)
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}
