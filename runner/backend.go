package runner

import (
	"context"
	"io"
)

// Backend is where job legs run. The Docker engine (executor package) is
// the real one; tests use one that runs steps on the host.
//
// Lifecycle: EnsureImage, then StartJob once per leg, any number of Exec
// calls on the container (one at a time), then Remove exactly once, also
// after a failure or cancellation.
type Backend interface {
	// EnsureImage makes image available, writing progress to log.
	EnsureImage(ctx context.Context, image string, log io.Writer) error
	// StartJob starts a job's container; on error nothing is left behind.
	StartJob(ctx context.Context, spec JobSpec) (JobContainer, error)
	// HostPaths reports whether jobs see host paths as they are, instead
	// of at each mount's Target.
	HostPaths() bool
}

// JobContainer is one started job leg.
type JobContainer interface {
	// Exec runs a command to completion and returns its exit code. When
	// ctx ends, the command is stopped and ctx.Err() returned.
	Exec(ctx context.Context, spec ExecSpec) (int, error)
	// Remove stops and removes the container; it is idempotent.
	Remove(ctx context.Context) error
}

// JobSpec is what a job leg's container needs.
type JobSpec struct {
	Name       string
	Image      string
	Env        []string
	Mounts     []Mount
	WorkingDir string
	Labels     map[string]string
	Options    string // job.container.options
}

// Mount is a host directory shown to the job at Target.
type Mount struct {
	Source, Target string
	// Shared is true for a directory other runs use too (the tool cache):
	// where it must be copied instead of mounted, it is never copied back.
	Shared bool
}

// ExecSpec is one command in a job's container.
type ExecSpec struct {
	Cmd        []string
	Env        []string
	WorkingDir string
	Stdout     io.Writer
	Stderr     io.Writer
}
