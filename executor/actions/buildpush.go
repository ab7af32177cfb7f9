package actions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gantry-ci/gantry/executor"
	"github.com/gantry-ci/gantry/executor/gitcli"
)

// buildPush is docker/build-push-action: a build through the engine's API
// with the context streamed as a tar (honouring .dockerignore), and each
// tag pushed with the login of its (mapped) registry.
type buildPush struct{}

func (buildPush) Inputs() []Input {
	names := []string{"add-hosts", "allow", "annotations", "attests", "build-args", "build-contexts", "builder",
		"cache-from", "cache-to", "call", "cgroup-parent", "context", "file", "labels", "load", "network", "no-cache",
		"no-cache-filters", "outputs", "platforms", "provenance", "pull", "push", "sbom", "secrets", "secret-envs",
		"secret-files", "shm-size", "ssh", "tags", "target", "ulimit", "github-token"}
	in := make([]Input, len(names))
	for i, n := range names {
		in[i] = Input{Name: n}
	}
	return in
}

func (buildPush) Run(ctx context.Context, s *Step) (*Result, error) {
	if s.Docker == nil {
		return nil, errors.New("docker/build-push-action needs the Docker engine")
	}
	warnUnsupported(s)
	push, err := boolInput(s, "push")
	if err != nil {
		return nil, err
	}
	spec, cleanup, err := buildSpec(ctx, s)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	for _, t := range spec.Tags {
		if _, _, _, err := executor.ParseReference(t); err != nil {
			return nil, fmt.Errorf("invalid tag %q: %w", t, err)
		}
	}
	imageID, err := s.Docker.Build(ctx, spec, s.output())
	if err != nil {
		return nil, err
	}
	digest := ""
	if push {
		if digest, err = pushTags(ctx, s, imageID, spec.Tags); err != nil {
			return nil, err
		}
	}
	return buildOutputs(imageID, digest, spec.Tags)
}

// warnUnsupported says which inputs the engine's builder does not do.
func warnUnsupported(s *Step) {
	if p := s.Inputs["platforms"]; strings.Contains(p, ",") || strings.Contains(strings.TrimSpace(p), "\n") {
		s.Warn("platforms %q: gantry builds for the engine's platform only", p)
	}
	for _, name := range []string{"cache-from", "cache-to", "outputs", "secrets", "secret-files", "ssh", "build-contexts", "attests", "sbom"} {
		if s.Inputs[name] != "" {
			s.Warn("%s is not supported by gantry's builder; ignored", name)
		}
	}
}

// buildSpec turns the inputs into a build. The default context is the Git
// context, the repository at github.sha, not the workspace: changes earlier
// steps made are not in it, as on GitHub.
func buildSpec(ctx context.Context, s *Step) (executor.BuildSpec, func(), error) {
	noCache, err := boolInput(s, "no-cache")
	if err != nil {
		return executor.BuildSpec{}, nil, err
	}
	pull, err := boolInput(s, "pull")
	if err != nil {
		return executor.BuildSpec{}, nil, err
	}
	dir, cleanup, err := buildContext(ctx, s)
	if err != nil {
		return executor.BuildSpec{}, nil, err
	}
	spec := executor.BuildSpec{ContextDir: dir, Tags: listInput(s.Inputs["tags"], true), Target: s.Inputs["target"],
		NoCache: noCache, Pull: pull, Labels: keyValueLines(s.Inputs["labels"]), BuildArgs: keyValueLines(s.Inputs["build-args"])}
	if f := s.Inputs["file"]; f != "" {
		spec.Dockerfile = s.HostPath(f)
	}
	return spec, cleanup, nil
}

func buildContext(ctx context.Context, s *Step) (string, func(), error) {
	c := strings.TrimSpace(s.Inputs["context"])
	if c != "" && !strings.Contains(c, "{{defaultContext}}") && !strings.Contains(c, "://") {
		return s.HostPath(c), func() {}, nil
	}
	if strings.Contains(c, "://") {
		return "", nil, fmt.Errorf("context %s: gantry builds from paths or from the workflow's own repository ({{defaultContext}})", c)
	}
	dir, err := os.MkdirTemp(s.Host.Temp, "git-context-")
	if err != nil {
		return "", nil, fmt.Errorf("git context: %w", err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	sha := str(s.Github["sha"])
	if _, err := gitcli.Output(ctx, dir, "clone", "--quiet", "--shared", "--no-checkout", s.Repo, "."); err != nil {
		cleanup()
		return "", nil, err
	}
	if _, err := gitcli.Output(ctx, dir, "checkout", "--quiet", "--detach", sha); err != nil {
		cleanup()
		return "", nil, err
	}
	if _, sub, ok := strings.Cut(c, "{{defaultContext}}:"); ok {
		return filepath.Join(dir, filepath.Clean("/"+sub)), cleanup, nil
	}
	return dir, cleanup, nil
}

// pushTags pushes every tag (mapped by --registry-map) and returns the
// manifest digest the registry reported.
func pushTags(ctx context.Context, s *Step, imageID string, tags []string) (string, error) {
	if s.NoPush {
		s.Log("--no-push: built %s, tagged %s locally, pushed nothing", imageID, strings.Join(tags, ", "))
		return "", nil
	}
	digest := ""
	for _, t := range tags {
		mapped := s.RegistryMap.Ref(t)
		if mapped != t {
			if err := s.Docker.Tag(ctx, imageID, mapped); err != nil {
				return "", err
			}
		}
		d, err := s.Docker.Push(ctx, mapped, loginFor(s, mapped), s.output())
		if err != nil {
			return "", err
		}
		if mapped != t {
			s.Log("pushed %s to %s (--registry-map) as %s", t, mapped, d)
		} else {
			s.Log("pushed %s as %s", t, d)
		}
		digest = d
	}
	return digest, nil
}

func buildOutputs(imageID, digest string, tags []string) (*Result, error) {
	meta := map[string]any{"containerimage.config.digest": imageID, "image.name": strings.Join(tags, ",")}
	if digest != "" {
		meta["containerimage.digest"] = digest
	}
	data, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return nil, err
	}
	return &Result{Outputs: map[string]string{"imageid": imageID, "digest": digest, "metadata": string(data)}}, nil
}

// listInput splits a docker-actions "List" input: lines, '#' comments,
// and with csv also commas.
func listInput(v string, csv bool) []string {
	var out []string
	for _, line := range strings.Split(v, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		items := []string{line}
		if csv {
			items = strings.Split(line, ",")
		}
		for _, it := range items {
			if it = strings.TrimSpace(it); it != "" {
				out = append(out, it)
			}
		}
	}
	return out
}

func keyValueLines(v string) map[string]string {
	out := map[string]string{}
	for _, line := range listInput(v, false) {
		if k, val, ok := strings.Cut(line, "="); ok {
			out[k] = val
		}
	}
	return out
}
