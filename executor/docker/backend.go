package docker

import (
	"context"
	"fmt"
	"io"
	"maps"
	"sync"

	"github.com/gantry-ci/gantry/executor"
)

// Backend runs job legs on a Docker engine: the executor.Backend of gantry
// run and gantry serve.
type Backend struct {
	engine *Engine
	pull   PullPolicy
	owner  map[string]string // this process's owner labels, read once
}

// NewBackend runs legs on engine, pulling their images by policy.
func NewBackend(engine *Engine, pull PullPolicy) *Backend {
	return &Backend{engine: engine, pull: pull, owner: ownerLabels()}
}

// Where is a mount's Target: the engine mounts (or copies) each directory
// there.
func (b *Backend) Where(m executor.Mount) string { return m.Target }

// Setup makes the image present and starts the leg's container. A remote
// engine cannot see the host's directories: they are copied in instead of
// bind-mounted, and kept in step with the container around every exec.
// Every container carries the owner labels Reap looks for.
func (b *Backend) Setup(ctx context.Context, spec executor.LegSpec, log io.Writer) (executor.Leg, error) {
	if err := b.engine.EnsureImage(ctx, spec.Image, b.pull, log); err != nil {
		return nil, &executor.ImageError{Image: spec.Image, Err: err}
	}
	var binds []Mount
	if !b.engine.Remote() {
		binds = spec.Mounts
	}
	labels := maps.Clone(b.owner)
	maps.Copy(labels, spec.Labels)
	c, err := b.engine.StartJob(ctx, JobSpec{
		Name: spec.Name, Image: spec.Image, Env: spec.Env, Mounts: binds,
		WorkingDir: spec.WorkingDir, Labels: labels, Options: spec.Options,
	})
	if err != nil {
		return nil, err
	}
	l := &leg{c: c, Images: b.engine}
	if b.engine.Remote() {
		l.copied = spec.Mounts
	}
	return l, nil
}

// leg is one job container; it has the Images capability of its engine.
type leg struct {
	executor.Images
	c      *Container
	copied []Mount // directories copied in and out instead of mounted

	destroy sync.Once
	err     error
}

func (l *leg) Exec(ctx context.Context, spec executor.ExecSpec) (int, error) {
	for _, m := range l.copied {
		if err := l.c.PushDir(ctx, m.Source, m.Target); err != nil {
			return -1, fmt.Errorf("copy %s into the job: %w", m.Target, err)
		}
	}
	code, err := l.c.Exec(ctx, spec)
	if err != nil {
		return code, err
	}
	for _, m := range l.copied {
		if m.Shared {
			continue
		}
		if err := l.c.PullDir(ctx, m.Target, m.Source); err != nil {
			return -1, fmt.Errorf("copy %s out of the job: %w", m.Target, err)
		}
	}
	return code, nil
}

func (l *leg) Destroy(ctx context.Context) error {
	l.destroy.Do(func() { l.err = l.c.Remove(ctx) })
	return l.err
}

var _ executor.Images = (*Engine)(nil)
