package executor

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Backend is where job legs run. The runner drives every backend through
// the same lifecycle:
//
//  1. Setup(ctx, spec, log) once per leg: the image is present, the job's
//     environment is running and every mount is in place. On error Setup
//     has removed whatever it made, and there is no Leg.
//  2. Leg.Exec any number of times, one at a time.
//  3. Leg.Destroy exactly once, also after a failed Exec, a timeout or a
//     cancellation, on a context of its own bounded by DestroyTimeout.
//     Destroy is idempotent: a second call does nothing and returns nil.
//
// Optional capabilities are separate interfaces a Leg may implement, found
// by interface assertion: Images (build, tag, push, registry logins).
type Backend interface {
	// Setup starts one leg. An image that cannot be made present is
	// reported as an *ImageError, so callers can say where the image
	// name came from.
	Setup(ctx context.Context, spec LegSpec, log io.Writer) (Leg, error)
	// Where says where a leg's job sees mount m: its Target when the
	// backend mounts (Docker), its Source when jobs run on the host.
	// It holds before Setup, so contexts can name job paths first;
	// PathsFor applies it to a leg's mounts.
	Where(m Mount) string
}

// Leg is one started job leg.
type Leg interface {
	// Exec runs a command to completion and returns its exit code. When
	// ctx ends, the command (and its children) is stopped and ctx.Err()
	// returned.
	Exec(ctx context.Context, spec ExecSpec) (int, error)
	// Destroy stops and removes everything Setup made; it is idempotent.
	Destroy(ctx context.Context) error
}

// LegSpec is what a job leg needs.
type LegSpec struct {
	Name       string // unique per run and leg
	Image      string
	Env        []string // KEY=VALUE
	Mounts     []Mount
	WorkingDir string
	Labels     map[string]string
	Options    string // job.container.options
}

// Mount is a host directory shown to the job at Target.
type Mount struct {
	Source, Target string
	ReadOnly       bool
	// Shared is true for a directory other runs use too (the tool cache):
	// where it must be copied instead of mounted, it is never copied back.
	Shared bool
}

// ExecSpec is one command in a leg.
type ExecSpec struct {
	Cmd            []string
	Env            []string // KEY=VALUE, added to the leg's env for this command
	WorkingDir     string   // default: the leg's
	User           string   // default: the image's
	Stdout, Stderr io.Writer
}

// ImageError is a job image that could not be made present.
type ImageError struct {
	Image string
	Err   error
}

func (e *ImageError) Error() string { return fmt.Sprintf("image %s: %v", e.Image, e.Err) }
func (e *ImageError) Unwrap() error { return e.Err }

// Paths is where a leg's job sees host paths: one entry per mount.
type Paths []Mount

// PathsFor is the Paths a backend gives a leg with mounts.
func PathsFor(b Backend, mounts []Mount) Paths {
	p := make(Paths, len(mounts))
	for i, m := range mounts {
		p[i] = Mount{Source: m.Source, Target: b.Where(m)}
	}
	return p
}

// Job is where the job sees host path p: under the mount holding it, or p
// itself when no mount does.
func (p Paths) Job(host string) string {
	for _, m := range p {
		if to, ok := under(host, m.Source, m.Target); ok {
			return to
		}
	}
	return host
}

// Host is the host path of job path p: the inverse of Job.
func (p Paths) Host(job string) string {
	for _, m := range p {
		if to, ok := under(job, m.Target, m.Source); ok {
			return to
		}
	}
	return job
}

// under moves p from below dir to below to, when p is dir or inside it.
func under(p, dir, to string) (string, bool) {
	if dir == "" {
		return "", false
	}
	p, dir = filepath.Clean(p), filepath.Clean(dir)
	if p == dir {
		return to, true
	}
	if rel, ok := strings.CutPrefix(p, strings.TrimSuffix(dir, "/")+"/"); ok {
		return strings.TrimSuffix(to, "/") + "/" + filepath.ToSlash(rel), true
	}
	return "", false
}

// Images is the capability of building, tagging and pushing images and of
// logging in to registries, which the built-in Docker actions need.
type Images interface {
	Build(ctx context.Context, spec BuildSpec, log io.Writer) (imageID string, err error)
	Tag(ctx context.Context, image, ref string) error
	Push(ctx context.Context, ref string, auth RegistryAuth, log io.Writer) (digest string, err error)
	Login(ctx context.Context, auth RegistryAuth) error
}

// BuildSpec is one image build.
type BuildSpec struct {
	ContextDir string            // host directory sent as the build context
	Dockerfile string            // relative to ContextDir, or absolute inside it; "" is Dockerfile
	Tags       []string          // name:tag references given to the image
	Labels     map[string]string // image labels (LABEL)
	BuildArgs  map[string]string // --build-arg
	Target     string            // stage to build; "" is the last
	NoCache    bool              // ignore the build cache
	Pull       bool              // pull newer FROM images even when present
	Auths      []RegistryAuth    // for FROM images in private registries
}

// RegistryAuth is a login for one registry. ServerAddress is a host[:port]
// ("127.0.0.1:5000", "ghcr.io"); empty means Docker Hub. The password never
// appears in a log or an error.
type RegistryAuth struct{ ServerAddress, Username, Password string }

// String hides the password, so printing an auth by mistake leaks nothing.
func (a RegistryAuth) String() string {
	return fmt.Sprintf("%s@%s", a.Username, RegistryHost(a.ServerAddress))
}

// GoString keeps %#v from printing the password too.
func (a RegistryAuth) GoString() string { return a.String() }

// RegistryHost reduces a server address to the host[:port] it names, as the
// engine does (no scheme, no path); Docker Hub's aliases become "docker.io".
func RegistryHost(server string) string {
	s := strings.TrimSpace(server)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	s, _, _ = strings.Cut(s, "/")
	switch s {
	case "", "docker.io", "index.docker.io", "registry-1.docker.io":
		return "docker.io"
	}
	return s
}
