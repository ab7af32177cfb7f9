package workflow

// Workflow is one workflow file. Every scalar keeps its position.
type Workflow struct {
	File        string       `json:"file"`
	Name        *String      `json:"name,omitempty"`
	RunName     *String      `json:"run-name,omitempty"`
	On          []*Event     `json:"on"`
	Env         []*KeyValue  `json:"env,omitempty"`
	Defaults    *Defaults    `json:"defaults,omitempty"`
	Permissions *Permissions `json:"permissions,omitempty"`
	Concurrency *Concurrency `json:"concurrency,omitempty"`
	Jobs        []*Job       `json:"jobs"`
}

// Job returns the job with the given id, or nil.
func (w *Workflow) Job(id string) *Job {
	for _, j := range w.Jobs {
		if j.ID.Value == id {
			return j
		}
	}
	return nil
}

// DisplayName is the workflow's name as GitHub shows it: its name, or the
// file path when it has none.
func (w *Workflow) DisplayName() string {
	if w.Name != nil && w.Name.Value != "" {
		return w.Name.Value
	}
	return w.File
}

// KeyValue is one entry of a mapping whose values are strings (env, with,
// outputs). Order is the file's.
type KeyValue struct {
	Key   String `json:"key"`
	Value String `json:"value"`
}

// Event is one trigger under `on:`. Filters that were not written are nil,
// which differs from an empty list.
type Event struct {
	Name           String   `json:"name"`
	Branches       []String `json:"branches,omitempty"`
	BranchesIgnore []String `json:"branches-ignore,omitempty"`
	Tags           []String `json:"tags,omitempty"`
	TagsIgnore     []String `json:"tags-ignore,omitempty"`
	Paths          []String `json:"paths,omitempty"`
	PathsIgnore    []String `json:"paths-ignore,omitempty"`
	Types          []String `json:"types,omitempty"`
	Inputs         []*Input `json:"inputs,omitempty"`
	Cron           []String `json:"cron,omitempty"`
	Workflows      []String `json:"workflows,omitempty"`
}

// Input is a workflow_dispatch or workflow_call input.
type Input struct {
	ID          String   `json:"id"`
	Description *String  `json:"description,omitempty"`
	Required    *String  `json:"required,omitempty"`
	Default     *String  `json:"default,omitempty"`
	Type        *String  `json:"type,omitempty"`
	Options     []String `json:"options,omitempty"`
}

// Defaults is `defaults:` of a workflow or job.
type Defaults struct {
	Shell            *String `json:"shell,omitempty"`
	WorkingDirectory *String `json:"working-directory,omitempty"`
}

// Permissions is either a whole-token level (read-all, write-all, {}) or
// per-scope levels.
type Permissions struct {
	All    *String     `json:"all,omitempty"`
	Scopes []*KeyValue `json:"scopes,omitempty"`
	Pos    Pos         `json:"pos"`
}

// Concurrency is a concurrency group.
type Concurrency struct {
	Group            String  `json:"group"`
	CancelInProgress *String `json:"cancel-in-progress,omitempty"`
}

// Job is one entry under `jobs:`.
type Job struct {
	ID              String       `json:"id"`
	Pos             Pos          `json:"pos"`
	Name            *String      `json:"name,omitempty"`
	RunsOn          *RunsOn      `json:"runs-on,omitempty"`
	Needs           []String     `json:"needs,omitempty"`
	If              *String      `json:"if,omitempty"`
	Env             []*KeyValue  `json:"env,omitempty"`
	Defaults        *Defaults    `json:"defaults,omitempty"`
	Outputs         []*KeyValue  `json:"outputs,omitempty"`
	Permissions     *Permissions `json:"permissions,omitempty"`
	Environment     *Environment `json:"environment,omitempty"`
	Strategy        *Strategy    `json:"strategy,omitempty"`
	Container       *Container   `json:"container,omitempty"`
	Services        []*Service   `json:"services,omitempty"`
	TimeoutMinutes  *String      `json:"timeout-minutes,omitempty"`
	ContinueOnError *String      `json:"continue-on-error,omitempty"`
	Concurrency     *Concurrency `json:"concurrency,omitempty"`
	Steps           []*Step      `json:"steps"`
}

// RunsOn is `runs-on:`: labels, optionally a runner group. A label may be an
// expression, resolved at run time.
type RunsOn struct {
	Labels []String `json:"labels,omitempty"`
	Group  *String  `json:"group,omitempty"`
	Pos    Pos      `json:"pos"`
}

// Environment is a job's deployment environment.
type Environment struct {
	Name String  `json:"name"`
	URL  *String `json:"url,omitempty"`
}

// Strategy is `strategy:`.
type Strategy struct {
	Matrix      *Matrix `json:"matrix,omitempty"`
	FailFast    *String `json:"fail-fast,omitempty"`
	MaxParallel *String `json:"max-parallel,omitempty"`
}

// Matrix is `strategy.matrix` as written. Any part may instead be an
// expression (Expr, IncludeExpr, ExcludeExpr, or an axis' Expr), which is
// only resolved at run time.
type Matrix struct {
	Pos         Pos          `json:"pos"`
	Expr        *String      `json:"expr,omitempty"`
	Axes        []*Axis      `json:"axes,omitempty"`
	Include     []*MatrixRow `json:"include,omitempty"`
	IncludeExpr *String      `json:"include-expr,omitempty"`
	Exclude     []*MatrixRow `json:"exclude,omitempty"`
	ExcludeExpr *String      `json:"exclude-expr,omitempty"`
}

// Axis is one matrix variable and its values (JSON-like Go values).
type Axis struct {
	Name   String  `json:"name"`
	Values []any   `json:"values,omitempty"`
	Expr   *String `json:"expr,omitempty"`
}

// MatrixRow is one include or exclude entry, keys in file order.
type MatrixRow struct {
	Pos    Pos      `json:"pos"`
	Keys   []string `json:"keys"`
	Values []any    `json:"values"`
}

// Container is a job container or a service container.
type Container struct {
	Image       String      `json:"image"`
	Credentials []*KeyValue `json:"credentials,omitempty"`
	Env         []*KeyValue `json:"env,omitempty"`
	Ports       []String    `json:"ports,omitempty"`
	Volumes     []String    `json:"volumes,omitempty"`
	Options     *String     `json:"options,omitempty"`
}

// Service is one entry under `services:`.
type Service struct {
	ID        String    `json:"id"`
	Container Container `json:"container"`
}

// Step is one entry under `steps:`; exactly one of Uses and Run is set.
type Step struct {
	Pos              Pos         `json:"pos"`
	ID               *String     `json:"id,omitempty"`
	Name             *String     `json:"name,omitempty"`
	Uses             *String     `json:"uses,omitempty"`
	Run              *String     `json:"run,omitempty"`
	With             []*KeyValue `json:"with,omitempty"`
	Env              []*KeyValue `json:"env,omitempty"`
	If               *String     `json:"if,omitempty"`
	Shell            *String     `json:"shell,omitempty"`
	WorkingDirectory *String     `json:"working-directory,omitempty"`
	ContinueOnError  *String     `json:"continue-on-error,omitempty"`
	TimeoutMinutes   *String     `json:"timeout-minutes,omitempty"`
}
