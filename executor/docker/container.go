package docker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/pkg/stdcopy"
)

// Container is a started job container.
type Container struct {
	engine *Engine
	id     string
	name   string
}

// ID is the engine's container id.
func (c *Container) ID() string { return c.id }

// Name is the (sanitised) container name.
func (c *Container) Name() string { return c.name }

// StartJob creates and starts a job container on the host network. When the
// engine is local, StartJob itself mounts the engine's socket at
// /var/run/docker.sock (unless spec.Mounts already targets that path), as
// GitHub's runner does: only the executor knows where the engine listens, so
// the runner does not have to. On any failure, cancellation included, nothing
// is left behind.
func (e *Engine) StartJob(ctx context.Context, spec JobSpec) (*Container, error) {
	cs, err := convert(spec, localSocket(e.host))
	if err != nil {
		return nil, err
	}
	// Create and start run to completion even if ctx is cancelled meanwhile:
	// a create cancelled in flight can still make the container on the
	// engine after our clean-up has looked for it. Both are quick, and ctx is
	// checked right after.
	octx, cancel := cleanupContext(ctx)
	defer cancel()
	created, err := e.api.ContainerCreate(octx, cs.config, cs.host, nil, nil, cs.name)
	if err != nil {
		return nil, fmt.Errorf("create job container %s (image %s): %w", cs.name, spec.Image, err)
	}
	c := &Container{engine: e, id: created.ID, name: cs.name}
	if err := ctx.Err(); err != nil {
		e.removeAfterFailure(ctx, c.id)
		return nil, err
	}
	if err := e.api.ContainerStart(octx, c.id, container.StartOptions{}); err != nil {
		e.removeAfterFailure(ctx, c.id)
		return nil, fmt.Errorf("start job container %s: %w", cs.name, err)
	}
	if err := c.checkRunning(octx); err != nil {
		e.removeAfterFailure(ctx, c.id)
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		e.removeAfterFailure(ctx, c.id)
		return nil, err
	}
	return c, nil
}

// checkRunning catches an entrypoint that exits at once (missing binary, bad
// options): the engine's init starts fine and only then fails to run it, so
// ContainerStart reports success. Without this check the first step would
// fail with an unhelpful "container is not running".
func (c *Container) checkRunning(ctx context.Context) error {
	insp, err := c.engine.api.ContainerInspect(ctx, c.id)
	if err != nil {
		return fmt.Errorf("inspect job container %s: %w", c.name, err)
	}
	if insp.State != nil && !insp.State.Running {
		return fmt.Errorf("job container %s exited at start with code %d: %s",
			c.name, insp.State.ExitCode, c.lastLogLine(ctx))
	}
	return nil
}

// lastLogLine is the container's last line of output, the usual reason.
func (c *Container) lastLogLine(ctx context.Context) string {
	rc, err := c.engine.api.ContainerLogs(ctx, c.id, container.LogsOptions{ShowStdout: true, ShowStderr: true, Tail: "5"})
	if err != nil {
		return "(no log)"
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := stdcopy.StdCopy(&buf, &buf, io.LimitReader(rc, 64<<10)); err != nil && buf.Len() == 0 {
		return "(no log)"
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if last := strings.TrimSpace(lines[len(lines)-1]); last != "" {
		return last
	}
	return "(no log)"
}

// removeAfterFailure undoes a half-made container. Its own error is dropped:
// the caller reports the failure that caused it, which is the useful one.
func (e *Engine) removeAfterFailure(ctx context.Context, idOrName string) {
	cctx, cancel := cleanupContext(ctx)
	defer cancel()
	_ = e.remove(cctx, idOrName)
}

// Remove force-removes the container with its anonymous volumes. Removing a
// container that is already gone succeeds, so cleanup paths can call it
// freely.
func (c *Container) Remove(ctx context.Context) error {
	if err := c.engine.remove(ctx, c.id); err != nil {
		return fmt.Errorf("remove job container %s: %w", c.name, err)
	}
	return nil
}

func (e *Engine) remove(ctx context.Context, idOrName string) error {
	err := e.api.ContainerRemove(ctx, idOrName, container.RemoveOptions{Force: true, RemoveVolumes: true})
	switch {
	case err == nil, cerrdefs.IsNotFound(err):
		return nil
	case cerrdefs.IsConflict(err):
		// "removal already in progress": someone else (a concurrent
		// RemoveLabeled, say) is removing it; wait until it is gone.
		return e.waitRemoved(ctx, idOrName)
	}
	return err
}

func (e *Engine) waitRemoved(ctx context.Context, idOrName string) error {
	okC, errC := e.api.ContainerWait(ctx, idOrName, container.WaitConditionRemoved)
	select {
	case <-okC:
		return nil
	case err := <-errC:
		if cerrdefs.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("wait for removal: %w", err)
	case <-ctx.Done():
		return errors.Join(ctx.Err(), errors.New("container still being removed"))
	}
}
