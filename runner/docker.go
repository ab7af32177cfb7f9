package runner

import (
	"context"
	"fmt"
	"io"

	"github.com/gantry-ci/gantry/executor"
)

// dockerBackend runs job legs on the Docker engine.
type dockerBackend struct {
	engine *executor.Engine
	pull   executor.PullPolicy
}

// NewDockerBackend runs jobs on engine, pulling images by policy.
func NewDockerBackend(engine *executor.Engine, pull executor.PullPolicy) Backend {
	return &dockerBackend{engine: engine, pull: pull}
}

func (d *dockerBackend) EnsureImage(ctx context.Context, image string, log io.Writer) error {
	return d.engine.EnsureImage(ctx, image, d.pull, log)
}

func (d *dockerBackend) HostPaths() bool { return false }

// Engine is the engine the built-in Docker actions (build, push, login)
// use.
func (d *dockerBackend) Engine() *executor.Engine { return d.engine }

// StartJob starts the leg's container. A remote engine cannot see the
// host's directories: they are copied in instead of bind-mounted, and
// kept in step with the container around every exec.
func (d *dockerBackend) StartJob(ctx context.Context, spec JobSpec) (JobContainer, error) {
	var binds []executor.Mount
	if !d.engine.Remote() {
		for _, m := range spec.Mounts {
			binds = append(binds, executor.Mount{Source: m.Source, Target: m.Target})
		}
	}
	c, err := d.engine.StartJob(ctx, executor.JobSpec{
		Name: spec.Name, Image: spec.Image, Env: spec.Env, Mounts: binds,
		WorkingDir: spec.WorkingDir, Labels: spec.Labels, Options: spec.Options,
	})
	if err != nil {
		return nil, err
	}
	dc := &dockerContainer{c: c}
	if d.engine.Remote() {
		dc.copied = spec.Mounts
	}
	return dc, nil
}

type dockerContainer struct {
	c      *executor.Container
	copied []Mount // directories copied in and out instead of mounted
}

func (d *dockerContainer) Exec(ctx context.Context, spec ExecSpec) (int, error) {
	for _, m := range d.copied {
		if err := d.c.PushDir(ctx, m.Source, m.Target); err != nil {
			return -1, fmt.Errorf("copy %s into the job: %w", m.Target, err)
		}
	}
	code, err := d.c.Exec(ctx, executor.ExecSpec{Cmd: spec.Cmd, Env: spec.Env, WorkingDir: spec.WorkingDir,
		Stdout: spec.Stdout, Stderr: spec.Stderr})
	if err != nil {
		return code, err
	}
	for _, m := range d.copied {
		if m.Shared {
			continue
		}
		if err := d.c.PullDir(ctx, m.Target, m.Source); err != nil {
			return -1, fmt.Errorf("copy %s out of the job: %w", m.Target, err)
		}
	}
	return code, nil
}

func (d *dockerContainer) Remove(ctx context.Context) error { return d.c.Remove(ctx) }
