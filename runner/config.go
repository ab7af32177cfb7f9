// Package runner runs one event's workflows: it walks the plan, evaluates
// expressions, schedules jobs as a DAG and runs their steps through an
// executor.Backend, reporting everything to a Reporter. It never names
// Docker: cmd/gantry hands it a backend.
package runner

import (
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/gantry-ci/gantry/executor/actions"
	"github.com/gantry-ci/gantry/runner/event"
	"github.com/gantry-ci/gantry/workflow"
)

// Config is everything one run needs; the CLI fills it from flags.
type Config struct {
	Workflows []*workflow.Workflow // parsed and valid
	Event     *event.Event
	RepoDir   string // the repository on the host

	Secrets map[string]string
	Vars    map[string]string
	Env     map[string]string // --env: added to every job's environment
	Inputs  map[string]string // workflow_dispatch inputs

	Platforms map[string]string // runs-on label → image
	MaxJobs   int               // job legs at once
	Job       string            // run this job and what it needs; "" for all
	Matrix    map[string]string // keep only matrix legs with these values
	DryRun    bool

	RunID     int64
	RunNumber int64
	TempDir   string // where the run keeps its files; removed at the end

	// Built-in actions and what they need.
	Actions        actions.Registry
	ActionSettings actions.Settings  // passed to the actions unopened
	ArtifactDir    string            // where runs keep their artifacts
	ToolCache      string            // the host tool cache shared by runs (setup-node)
	RegistryMap    map[string]string // registry host → the registry that stands in for it (actions and the docker shim)

	Log    hclog.Logger // gantry's own diagnostics
	Output Reporter     // what the user sees
}

// DefaultImage is the job image the default runs-on labels map to: a
// Debian image with bash, git, node, npm, python3 and the docker CLI,
// built locally (see testdata/env).
const DefaultImage = "gantry/runner:bookworm"

// DefaultPlatforms maps GitHub's hosted-runner labels to local images.
func DefaultPlatforms() map[string]string {
	m := map[string]string{}
	for _, l := range []string{"ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "ubuntu-20.04", "linux", "self-hosted", "x64"} {
		m[l] = DefaultImage
	}
	return m
}

// Result is the outcome of a run.
type Result struct {
	Jobs      []JobResult
	Cancelled bool
	Artifacts int // how many artifacts the run uploaded
}

// Failed reports whether any job failed (skipped jobs, and failed jobs
// allowed to by continue-on-error, are not failures).
func (r *Result) Failed() bool {
	for _, j := range r.Jobs {
		if j.ContinueOnError {
			continue
		}
		if j.Status == StatusFailure || j.Status == StatusCancelled {
			return true
		}
	}
	return false
}

// Status is a job's or step's conclusion, spelled as GitHub spells them in
// needs.<job>.result and steps.<id>.outcome.
type Status string

// The statuses of a job or step.
const (
	StatusSuccess   Status = "success"
	StatusFailure   Status = "failure"
	StatusCancelled Status = "cancelled"
	StatusSkipped   Status = "skipped"
)

// JobResult is one job leg's outcome, for the summary.
type JobResult struct {
	Workflow string
	Job      string
	Name     string // the leg's display name
	Status   Status
	Duration time.Duration
	// FailedStep and Tail say where a failed job failed.
	FailedStep string
	Tail       []string
	Outputs    map[string]string
	// ContinueOnError is true for a failed leg whose job has
	// continue-on-error: it does not fail the run.
	ContinueOnError bool
}
