package runner

import (
	"context"
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

func (d *dockerBackend) StartJob(ctx context.Context, spec JobSpec) (JobContainer, error) {
	mounts := make([]executor.Mount, len(spec.Mounts))
	for i, m := range spec.Mounts {
		mounts[i] = executor.Mount{Source: m.Source, Target: m.Target}
	}
	c, err := d.engine.StartJob(ctx, executor.JobSpec{
		Name: spec.Name, Image: spec.Image, Env: spec.Env, Mounts: mounts,
		WorkingDir: spec.WorkingDir, Labels: spec.Labels, Options: spec.Options,
	})
	if err != nil {
		return nil, err
	}
	return dockerContainer{c}, nil
}

type dockerContainer struct{ c *executor.Container }

func (d dockerContainer) Exec(ctx context.Context, spec ExecSpec) (int, error) {
	return d.c.Exec(ctx, executor.ExecSpec{Cmd: spec.Cmd, Env: spec.Env, WorkingDir: spec.WorkingDir,
		Stdout: spec.Stdout, Stderr: spec.Stderr})
}

func (d dockerContainer) Remove(ctx context.Context) error { return d.c.Remove(ctx) }
