package docker

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/mount"

	"github.com/gantry-ci/gantry/executor"
)

const (
	// LabelGantry (=1) is on every container gantry starts, so that cleanup
	// can find them all (RemoveLabeled("gantry")).
	LabelGantry = "gantry"
	// dockerSocketTarget is where job steps expect the engine: the docker CLI's
	// default, and where GitHub's runner mounts it in job containers.
	dockerSocketTarget = "/var/run/docker.sock"
	// maxNameLen keeps names readable in `docker ps`; docker itself allows more.
	maxNameLen = 128
	// networkHost is the only network mode gantry uses: the test engine has
	// no bridge, and services started by steps must be reachable on
	// 127.0.0.1 as they are on a GitHub runner.
	networkHost container.NetworkMode = "host"
)

// defaultEntrypoint keeps a job container alive while steps are exec'd into
// it. It is what GitHub's runner uses for job containers, so an image that
// works there works here; tail is in coreutils (Debian minbase) and busybox.
// tail runs under the engine's init (HostConfig.Init): PID 1 ignores SIGTERM
// unless it installs a handler, and neither tail nor sleep does, so without
// an init `docker stop` would wait its full timeout. The init also reaps the
// orphans that cancelled steps leave behind.
func defaultEntrypoint() []string { return []string{"tail", "-f", "/dev/null"} }

// Mount is a bind mount of a host path (a path on the engine's machine).
type Mount = executor.Mount

// JobSpec describes one job container.
type JobSpec struct {
	Name       string            // unique per run+job+leg; sanitised for Docker
	Image      string            // must be present (see EnsureImage)
	Env        []string          // KEY=VALUE; wins over -e in Options
	Mounts     []Mount           // bind mounts
	WorkingDir string            // default working directory for execs
	Labels     map[string]string // gantry=1 is always added
	Entrypoint []string          // default: tail -f /dev/null (see defaultEntrypoint)
	Privileged bool
	Options    string // job.container.options; see parseOptions for the subset
}

// containerSpec is everything ContainerCreate needs.
type containerSpec struct {
	name   string
	config *container.Config
	host   *container.HostConfig
}

// convert maps a JobSpec to the engine's create request. It is pure: dockerSock
// is the host path of the engine's socket to mount at /var/run/docker.sock so
// `docker` in steps talks to the same engine ("" when the engine is remote and
// its socket path is unknown).
func convert(spec JobSpec, dockerSock string) (containerSpec, error) {
	if spec.Image == "" {
		return containerSpec{}, fmt.Errorf("job container %q: no image", spec.Name)
	}
	opts, err := parseOptions(spec.Options)
	if err != nil {
		return containerSpec{}, fmt.Errorf("job container %q: %w", spec.Name, err)
	}
	cfg := &container.Config{
		Image:      spec.Image,
		Env:        mergeEnv(opts.env, spec.Env),
		WorkingDir: firstNonEmpty(opts.workdir, spec.WorkingDir),
		User:       opts.user,
		Labels:     jobLabels(opts.labels, spec.Labels),
		Entrypoint: slices.Clone(spec.Entrypoint),
	}
	if len(cfg.Entrypoint) == 0 {
		cfg.Entrypoint = defaultEntrypoint()
	}
	// Start from what options set, then impose what gantry relies on.
	hc := opts.host
	init := true
	hc.NetworkMode = networkHost
	hc.Init = &init
	hc.Privileged = spec.Privileged || hc.Privileged
	hc.Mounts = bindMounts(spec.Mounts, dockerSock)
	return containerSpec{name: SanitizeName(spec.Name), config: cfg, host: &hc}, nil
}

func bindMounts(ms []Mount, dockerSock string) []mount.Mount {
	out := make([]mount.Mount, 0, len(ms)+1)
	hasSock := false
	for _, m := range ms {
		out = append(out, mount.Mount{Type: mount.TypeBind, Source: m.Source, Target: m.Target, ReadOnly: m.ReadOnly})
		hasSock = hasSock || m.Target == dockerSocketTarget
	}
	if dockerSock != "" && !hasSock {
		out = append(out, mount.Mount{Type: mount.TypeBind, Source: dockerSock, Target: dockerSocketTarget})
	}
	return out
}

// jobLabels merges labels from options and the spec (the spec wins) and adds
// gantry=1, which no caller can remove: cleanup relies on it.
func jobLabels(fromOptions, fromSpec map[string]string) map[string]string {
	out := make(map[string]string, len(fromOptions)+len(fromSpec)+1)
	maps.Copy(out, fromOptions)
	maps.Copy(out, fromSpec)
	out[LabelGantry] = "1"
	return out
}

// mergeEnv returns base overridden by over, key by key, keeping first-seen
// order. Docker passes duplicate keys through and which one a process sees
// depends on its libc, so duplicates are resolved here.
func mergeEnv(base, over []string) []string {
	out := make([]string, 0, len(base)+len(over))
	index := map[string]int{}
	for _, kv := range slices.Concat(base, over) {
		k, _, _ := strings.Cut(kv, "=")
		if i, ok := index[k]; ok {
			out[i] = kv
			continue
		}
		index[k] = len(out)
		out = append(out, kv)
	}
	return out
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// SanitizeName turns a job name into a valid container name
// ([a-zA-Z0-9][a-zA-Z0-9_.-]*). When anything had to change, a short hash of
// the original is appended, so two distinct names never collide after
// sanitising ("build (1)" vs "build [1]").
func SanitizeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 128 && (isAlnum(byte(r)) || r == '_' || r == '.' || r == '-'):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.TrimLeft(b.String(), "_.-")
	if s == name && s != "" && len(s) <= maxNameLen {
		return s
	}
	sum := sha256.Sum256([]byte(name))
	suffix := hex.EncodeToString(sum[:4])
	if s == "" {
		return "gantry-" + suffix
	}
	if len(s) > maxNameLen-len(suffix)-1 {
		s = s[:maxNameLen-len(suffix)-1]
	}
	return strings.TrimRight(s, "_.-") + "-" + suffix
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
