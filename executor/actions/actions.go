// Package actions holds gantry's built-in versions of the actions the
// example workflows use, so that they run with no download from GitHub.
// Each is a Go type behind one small interface: inputs in; outputs, env
// and PATH changes out. They work on host paths; the runner shows the same
// directories to the job.
package actions

import (
	"context"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/gantry-ci/gantry/executor"
	"github.com/gantry-ci/gantry/executor/artifact"
)

// Action is one built-in action.
type Action interface {
	// Inputs declares the action's inputs as its action.yml does; the
	// runner applies the defaults (which may hold expressions) and warns
	// about inputs it does not know.
	Inputs() []Input
	// Run does the action's work for one step.
	Run(ctx context.Context, s *Step) (*Result, error)
}

// Input is one declared input.
type Input struct {
	Name     string
	Default  string
	Required bool
}

// Dirs are a job leg's directories.
type Dirs struct {
	Workspace string
	Temp      string
	ToolCache string
	Home      string // what ~ means in path inputs
}

// Settings are a run's settings that only built-in actions read; the
// runner passes them through unopened.
type Settings struct {
	Worktree    bool         // checkout the working tree as it is, not the commit
	HTTP        *http.Client // for downloads (setup-node); nil is http.DefaultClient
	NodeMirror  string       // Node distribution mirror ("" for nodejs.org)
	NPMRegistry string       // npm registry ("" for registry.npmjs.org)
	NoPush      bool         // --no-push: every push becomes a local build
	KeyFile     string       // the local attestation signing key (created when missing)
}

// Step is what an action gets for one step.
type Step struct {
	Inputs map[string]string // with:, defaults applied, evaluated
	Env    map[string]string // the step's environment
	Github map[string]any    // the github context
	Host   Dirs              // on the host, where the action works
	Job    Dirs              // the same directories, as the job sees them

	Repo      string // the local repository the run is for
	Artifacts *artifact.Store
	Settings  // the run's settings for the actions

	Uses        string          // the step's uses:, version included (v1 and v3 of an action differ)
	Docker      executor.Images // nil when the job does not run on a Docker engine
	Credentials *Credentials    // the job's registry logins
	RegistryMap RegistryMap     // --registry-map

	Log    func(format string, args ...any) // a line in the step's log
	Output io.Writer                        // raw output (a build's), shown line by line in the step's log
	Warn   func(format string, args ...any) // a warning annotation
	Mask   func(secret string)              // as ::add-mask::
	// JobExec runs a command in the job's container and returns its
	// standard output, for what only the job can answer (node --version).
	JobExec func(ctx context.Context, cmd ...string) (string, error)
}

// output is where raw output goes: Output, or nowhere.
func (s *Step) output() io.Writer {
	if s.Output == nil {
		return io.Discard
	}
	return s.Output
}

// paths pairs the leg's host directories with where the job sees them.
func (s *Step) paths() executor.Paths {
	p := executor.Paths{{Source: s.Host.Workspace, Target: s.Job.Workspace},
		{Source: s.Host.Temp, Target: s.Job.Temp}, {Source: s.Host.ToolCache, Target: s.Job.ToolCache}}
	if s.Job.Home != "" && s.Host.Home != "" {
		p = append(p, executor.Mount{Source: s.Host.Home, Target: s.Job.Home})
	}
	return p
}

// JobPath maps a host path under one of the leg's directories to where
// the job sees it.
func (s *Step) JobPath(host string) string { return s.paths().Job(host) }

// HostPath maps a path as the job sees it (absolute, or relative to the
// workspace) to the host.
func (s *Step) HostPath(job string) string {
	if !strings.HasPrefix(job, "/") {
		return joinUnder(s.Host.Workspace, job)
	}
	return s.paths().Host(job)
}

// Result is what an action changes for the steps after it.
type Result struct {
	Outputs map[string]string
	Env     map[string]string
	Path    []string // directories (as the job sees them) to put in front of PATH
}

// Registry maps owner/name to a built-in action.
type Registry map[string]Action

// Builtin returns every built-in action. A new one is one entry here and
// one file; the runner does not change.
func Builtin() Registry {
	return Registry{
		"actions/checkout":                checkout{},
		"actions/setup-node":              setupNode{},
		"actions/upload-artifact":         uploadArtifact{},
		"actions/download-artifact":       downloadArtifact{},
		"docker/login-action":             dockerLogin{},
		"docker/metadata-action":          dockerMetadata{},
		"docker/build-push-action":        buildPush{},
		"actions/attest-build-provenance": attestProvenance{},
	}
}

// Lookup finds the action a `uses:` names, whatever version it pins
// (@v4, @main, @<sha>). Owner and name are case-insensitive, as on GitHub.
func (r Registry) Lookup(uses string) (Action, bool) {
	name, _, _ := strings.Cut(uses, "@")
	a, ok := r[strings.ToLower(name)]
	return a, ok
}

// Names lists the built-in actions, sorted.
func (r Registry) Names() []string {
	names := make([]string, 0, len(r))
	for n := range r {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
