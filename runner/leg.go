package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gantry-ci/gantry/executor"
	"github.com/gantry-ci/gantry/executor/actions"
	"github.com/gantry-ci/gantry/workflow"
)

// legRun is one job leg while it runs: its container, directories and the
// contexts its steps see.
type legRun struct {
	r   *run
	w   *workflow.Workflow
	j   *workflow.Job
	leg leg

	hostDir   string   // the leg's directory on the host
	paths     jobPaths // the same directories as the job sees them
	hostPaths jobPaths

	scope              // the job's, or the composite action's being run
	outer     []scope  // the scopes of the composite actions' callers, innermost last
	pathAdds  []string // GITHUB_PATH, newest first
	container executor.Leg
	mounts    []executor.Mount // the leg's directories: host Source, the job's Target
	pathMap   executor.Paths   // where the job sees each of them
	hasBash   bool

	failedStep  string
	tail        *tailBuffer
	credentials *actions.Credentials // registry logins, in the job's own DOCKER_CONFIG
	shimDir     string               // the docker CLI shim of --registry-map, first on PATH
}

// scope is what a composite action's steps see apart from the job's: their
// own steps context, status, env and GITHUB_ACTION ids.
type scope struct {
	contexts map[string]any
	env      map[string]string // workflow env < job env < GITHUB_ENV
	steps    map[string]any
	status   Status
	actions  map[string]int // for GITHUB_ACTION ids: __run, __run_2, …
}

// defaultJobTimeout is GitHub's: 360 minutes.
const defaultJobTimeout = 360 * time.Minute

// runLeg runs one leg from container start to removal.
func (r *run) runLeg(ctx context.Context, w *workflow.Workflow, j *workflow.Job, l leg, base map[string]any, strategy map[string]any) JobResult {
	start := time.Now()
	lr := &legRun{r: r, w: w, j: j, leg: l, tail: newTailBuffer(10),
		scope: scope{status: StatusSuccess, steps: map[string]any{}, actions: map[string]int{}}}
	r.report(lr.event(JobStart, ""))
	err := lr.run(ctx, base, strategy)
	res := JobResult{Workflow: w.File, Job: j.ID.Value, Name: l.name, Status: lr.status,
		Duration: time.Since(start), FailedStep: lr.failedStep, Tail: lr.tail.lines()}
	msg := ""
	switch {
	case errors.Is(err, context.Canceled) || (err == nil && ctx.Err() != nil && lr.status != StatusSuccess):
		res.Status = StatusCancelled
	case errors.Is(err, context.DeadlineExceeded):
		res.Status, msg = StatusFailure, "the job ran longer than its timeout-minutes"
	case err != nil:
		res.Status, msg = StatusFailure, err.Error()
		res.Tail = append(res.Tail, err.Error())
	}
	if res.Status == StatusSuccess {
		res.Outputs = lr.outputs()
	}
	e := lr.event(JobEnd, msg)
	e.Status, e.Duration = res.Status, res.Duration.Seconds()
	r.report(e)
	return res
}

func (lr *legRun) event(t EventType, msg string) Event {
	return Event{Type: t, Workflow: lr.w.File, Job: lr.j.ID.Value, Leg: lr.leg.name, Message: msg}
}

// run sets the leg up, runs its steps and always tears it down.
func (lr *legRun) run(ctx context.Context, base, strategy map[string]any) error {
	timeout, err := lr.timeout(base)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := lr.prepare(base, strategy); err != nil {
		return err
	}
	// Deferred before start: a leg whose start fails half-way (after the
	// container exists) is removed too.
	defer lr.teardown()
	if err := lr.start(ctx); err != nil {
		return err
	}
	for i, s := range lr.j.Steps {
		if err := lr.runStep(ctx, i, s); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return nil
}

func (lr *legRun) timeout(contexts map[string]any) (time.Duration, error) {
	return lr.timeoutMinutes(lr.j.TimeoutMinutes, contexts)
}

func (lr *legRun) stepTimeout(sr *stepRun) (time.Duration, error) {
	return lr.timeoutMinutes(sr.s.TimeoutMinutes, sr.contexts)
}

// timeoutMinutes evaluates a job's or step's timeout-minutes (it may be an
// expression); unset is GitHub's 360 minutes.
func (lr *legRun) timeoutMinutes(raw *workflow.String, contexts map[string]any) (time.Duration, error) {
	if raw == nil {
		return defaultJobTimeout, nil
	}
	v, err := lr.eval(raw.Value, contexts)
	if err != nil {
		return 0, fmt.Errorf("timeout-minutes: %w", err)
	}
	m, err := strconv.ParseFloat(v, 64)
	if err != nil || m <= 0 {
		return 0, fmt.Errorf("timeout-minutes: want a positive number, got %q", v)
	}
	return time.Duration(m * float64(time.Minute)), nil
}

// prepare makes the leg's directories and contexts.
func (lr *legRun) prepare(base, strategy map[string]any) error {
	dir, err := lr.r.legDir(lr.leg.name)
	if err != nil {
		return err
	}
	lr.hostDir = dir
	lr.hostPaths = jobPaths{
		Workspace: filepath.Join(dir, "workspace"),
		Temp:      filepath.Join(dir, "temp"),
		ToolCache: lr.r.cfg.ToolCache,
	}
	lr.hostPaths.EventPath = filepath.Join(lr.hostPaths.Temp, "_github_workflow", "event.json")
	for _, d := range []string{lr.hostPaths.Workspace, filepath.Dir(lr.hostPaths.EventPath), lr.fileCommandDir(true), lr.hostPaths.ToolCache} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("make job directory: %w", err)
		}
	}
	want := defaultJobPaths(lr.r.cfg.Event.Repository)
	lr.mounts = []executor.Mount{
		{Source: lr.hostPaths.Workspace, Target: want.Workspace},
		{Source: lr.hostPaths.Temp, Target: want.Temp},
		{Source: lr.hostPaths.ToolCache, Target: want.ToolCache, Shared: true},
	}
	lr.pathMap = executor.PathsFor(lr.r.backend, lr.mounts)
	lr.paths = jobPaths{Workspace: lr.jobPath(lr.hostPaths.Workspace), Temp: lr.jobPath(lr.hostPaths.Temp),
		ToolCache: lr.jobPath(lr.hostPaths.ToolCache), EventPath: lr.jobPath(lr.hostPaths.EventPath)}
	lr.credentials = actions.NewCredentials(filepath.Join(lr.hostPaths.Temp, "_docker_config"))
	if len(lr.r.cfg.RegistryMap) > 0 {
		shim := filepath.Join(lr.hostPaths.Temp, "_gantry_bin")
		if err := writeDockerShim(shim, lr.r.cfg.RegistryMap); err != nil {
			return err
		}
		lr.shimDir = lr.jobPath(shim)
	}
	payload, err := json.Marshal(lr.r.cfg.Event.Payload)
	if err != nil {
		return fmt.Errorf("write event payload: %w", err)
	}
	if err := os.WriteFile(lr.hostPaths.EventPath, payload, 0o644); err != nil {
		return fmt.Errorf("write event payload: %w", err)
	}
	return lr.buildContexts(base, strategy)
}

func (lr *legRun) fileCommandDir(host bool) string {
	if host {
		return filepath.Join(lr.hostPaths.Temp, "_runner_file_commands")
	}
	return filepath.Join(lr.paths.Temp, "_runner_file_commands")
}

// buildContexts fills every context a step can see and evaluates the
// workflow's and job's env in GitHub's order.
func (lr *legRun) buildContexts(base, strategy map[string]any) error {
	c := maps.Clone(base)
	c["github"] = lr.r.githubContext(lr.w, lr.j.ID.Value, lr.paths)
	c["runner"] = runnerContext(lr.paths, "gantry")
	c["matrix"] = lr.leg.matrix
	c["strategy"] = strategy
	c["job"] = map[string]any{"status": "success", "container": map[string]any{"id": "", "network": ""}, "services": map[string]any{}}
	c["steps"] = lr.steps
	lr.contexts = c
	lr.env = map[string]string{}
	for k, v := range lr.r.cfg.Env {
		lr.env[k] = v
	}
	c["env"] = stringMap(lr.env)
	for _, kvs := range [][]*workflow.KeyValue{lr.w.Env, lr.j.Env} {
		for _, kv := range kvs {
			v, err := lr.eval(kv.Value.Value, c)
			if err != nil {
				return fmt.Errorf("env %s: %w", kv.Key.Value, err)
			}
			lr.env[kv.Key.Value] = v
		}
		c["env"] = stringMap(lr.env)
	}
	return nil
}

// outputs evaluates the job's `outputs:` after its steps.
func (lr *legRun) outputs() map[string]string {
	out := map[string]string{}
	for _, kv := range lr.j.Outputs {
		v, err := lr.eval(kv.Value.Value, lr.contexts)
		if err != nil {
			lr.r.report(Event{Type: LogLine, Job: lr.j.ID.Value, Leg: lr.leg.name, Kind: "warning",
				Line: fmt.Sprintf("output %s: %v", kv.Key.Value, err)})
			continue
		}
		out[kv.Key.Value] = v
	}
	return out
}
