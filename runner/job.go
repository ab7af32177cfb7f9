package runner

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"sync"

	"golang.org/x/sync/semaphore"

	"github.com/gantry-ci/gantry/expr"
	"github.com/gantry-ci/gantry/workflow"
	"github.com/gantry-ci/gantry/workflow/matrix"
)

// runJob runs every leg of one job once its needs are done and returns the
// job's result and outputs for the jobs that need it.
func (r *run) runJob(ctx context.Context, w *workflow.Workflow, j *workflow.Job, jp *workflow.JobPlan, needs map[string]*jobState) (Status, map[string]string) {
	base := r.baseContexts(w, needs)
	if run, err := r.jobCondition(ctx, j, needs, base); err != nil || !run {
		if err != nil {
			r.jobError(w, j.DisplayName(), err)
			return StatusFailure, nil
		}
		r.report(Event{Type: JobEnd, Workflow: w.File, Job: j.ID.Value, Leg: j.DisplayName(), Status: StatusSkipped})
		r.addResult(JobResult{Workflow: w.File, Job: j.ID.Value, Name: j.DisplayName(), Status: StatusSkipped})
		return StatusSkipped, nil
	}
	legs, err := r.legs(j, jp, base)
	if err != nil {
		r.jobError(w, j.DisplayName(), err)
		return StatusFailure, nil
	}
	return r.runLegs(ctx, w, j, legs, base)
}

func (r *run) jobError(w *workflow.Workflow, name string, err error) {
	r.report(Event{Type: JobEnd, Workflow: w.File, Leg: name, Status: StatusFailure, Message: err.Error()})
	r.addResult(JobResult{Workflow: w.File, Name: name, Status: StatusFailure, Tail: []string{err.Error()}})
}

// baseContexts are the contexts a job's `if`, matrix and runs-on see.
func (r *run) baseContexts(w *workflow.Workflow, needs map[string]*jobState) map[string]any {
	return map[string]any{
		"github":  r.githubContext(w, "", defaultJobPaths(r.cfg.Event.Repository)),
		"needs":   needsContext(needs),
		"vars":    stringMap(r.cfg.Vars),
		"secrets": stringMap(r.cfg.Secrets),
		"inputs":  r.inputsContext(w),
	}
}

// inputsContext is the inputs context of a workflow_dispatch run: the
// inputs given, else their defaults, typed as the workflow declares them
// (github.event.inputs keeps the strings).
func (r *run) inputsContext(w *workflow.Workflow) map[string]any {
	in := map[string]any{}
	for k, v := range r.cfg.Inputs {
		in[k] = v
	}
	if r.cfg.Event.Name != "workflow_dispatch" {
		return in
	}
	for _, ev := range w.On {
		if ev.Name.Value != "workflow_dispatch" {
			continue
		}
		for _, def := range ev.Inputs {
			id := def.ID.Value
			v, given := r.cfg.Inputs[id]
			if !given && def.Default != nil {
				v, given = def.Default.Value, true
			}
			if !given {
				continue
			}
			in[id] = typedInput(def, v)
		}
	}
	return in
}

func typedInput(def *workflow.Input, v string) any {
	if def.Type == nil {
		return v
	}
	switch def.Type.Value {
	case "boolean":
		return v == "true"
	case "number":
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f
		}
	}
	return v
}

// jobCondition evaluates a job's `if`. A failed or skipped needed job
// skips the job unless its condition calls a status function.
func (r *run) jobCondition(ctx context.Context, j *workflow.Job, needs map[string]*jobState, contexts map[string]any) (bool, error) {
	failed, notSucceeded := needsStatus(ctx, needs)
	cond := ""
	if j.If != nil {
		cond = j.If.Value
	}
	prog, err := r.exprs.Condition(cond)
	if err != nil {
		return false, fmt.Errorf("job %s: if: %w", j.ID.Value, err)
	}
	if notSucceeded && !prog.StatusAware() {
		return false, nil
	}
	env := &expr.Env{Contexts: contexts, Status: expr.StatusSuccess}
	switch {
	case ctx.Err() != nil:
		env.Status = expr.StatusCancelled
	case failed:
		env.Status = expr.StatusFailure
	}
	ok, err := prog.EvalBool(env)
	if err != nil {
		return false, fmt.Errorf("job %s: if: %w", j.ID.Value, err)
	}
	return ok, nil
}

// leg is one matrix combination of a job, ready to run.
type leg struct {
	name   string
	matrix map[string]any
	index  int
	total  int
}

// legs expands the job's matrix, evaluating it first when it is computed
// by expressions, and keeps the legs --matrix selects.
func (r *run) legs(j *workflow.Job, jp *workflow.JobPlan, contexts map[string]any) ([]leg, error) {
	planned := jp.Legs
	if jp.MatrixDeferred {
		m, err := r.evalMatrix(j.Strategy.Matrix, contexts)
		if err != nil {
			return nil, fmt.Errorf("job %s: matrix: %w", j.ID.Value, err)
		}
		combos, err := matrix.Expand(m)
		if err != nil {
			return nil, fmt.Errorf("job %s: %w", j.ID.Value, err)
		}
		planned = j.Legs(combos)
	}
	var out []leg
	for _, l := range planned {
		if r.matrixSelected(l.Matrix) {
			out = append(out, leg{name: l.Name, matrix: l.Matrix.Map()})
		}
	}
	for i := range out {
		out[i].index, out[i].total = i, len(out)
	}
	return out, nil
}

// matrixSelected applies --matrix: a leg is dropped when it has the key
// with another value; jobs without that key are not filtered.
func (r *run) matrixSelected(c matrix.Combination) bool {
	for k, want := range r.cfg.Matrix {
		if v, ok := c.Get(k); ok && expr.ToString(v) != want {
			return false
		}
	}
	return true
}

// runLegs runs a job's legs under max-parallel and fail-fast: when a leg
// fails, the others are cancelled unless fail-fast is false.
func (r *run) runLegs(ctx context.Context, w *workflow.Workflow, j *workflow.Job, legs []leg, contexts map[string]any) (Status, map[string]string) {
	failFast, maxParallel := r.strategy(j, contexts, len(legs))
	legCtx, cancelLegs := context.WithCancel(ctx)
	defer cancelLegs()
	limit := semaphore.NewWeighted(int64(maxParallel))
	var (
		mu      sync.Mutex
		status  = StatusSuccess
		outputs = map[string]string{}
		wg      sync.WaitGroup
	)
	for _, l := range legs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := r.runLegLimited(legCtx, limit, w, j, l, contexts, failFast, maxParallel)
			mu.Lock()
			defer mu.Unlock()
			if res.ContinueOnError {
				// A failed leg that may fail neither fails the job nor
				// cancels the other legs.
				res.Status = StatusSuccess
			}
			status = worse(status, res.Status)
			for k, v := range res.Outputs {
				outputs[k] = v
			}
			if res.Status == StatusFailure && failFast {
				cancelLegs()
			}
		}()
	}
	wg.Wait()
	return status, outputs
}

func (r *run) runLegLimited(ctx context.Context, limit *semaphore.Weighted, w *workflow.Workflow, j *workflow.Job, l leg, contexts map[string]any, failFast bool, maxParallel int) JobResult {
	if err := limit.Acquire(ctx, 1); err != nil {
		return r.cancelledLeg(w, j, l)
	}
	defer limit.Release(1)
	if err := r.sem.Acquire(ctx, 1); err != nil {
		return r.cancelledLeg(w, j, l)
	}
	defer r.sem.Release(1)
	strategy := map[string]any{"fail-fast": failFast, "job-index": float64(l.index), "job-total": float64(l.total), "max-parallel": float64(maxParallel)}
	res := r.runLeg(ctx, w, j, l, contexts, strategy)
	res.ContinueOnError = res.Status == StatusFailure && r.jobContinuesOnError(j, l, contexts)
	r.addResult(res)
	return res
}

// jobContinuesOnError evaluates a job's continue-on-error for one leg (it
// may use matrix values, as GitHub's "experimental" legs do).
func (r *run) jobContinuesOnError(j *workflow.Job, l leg, contexts map[string]any) bool {
	if j.ContinueOnError == nil {
		return false
	}
	c := maps.Clone(contexts)
	c["matrix"] = l.matrix
	v, err := r.evalString(j.ContinueOnError.Value, c)
	return err == nil && v == "true"
}

func (r *run) cancelledLeg(w *workflow.Workflow, j *workflow.Job, l leg) JobResult {
	res := JobResult{Workflow: w.File, Job: j.ID.Value, Name: l.name, Status: StatusCancelled}
	r.report(Event{Type: JobEnd, Workflow: w.File, Job: j.ID.Value, Leg: l.name, Status: StatusCancelled, Message: "cancelled before it started"})
	r.addResult(res)
	return res
}

// strategy evaluates fail-fast (default true) and max-parallel (default:
// all legs at once).
func (r *run) strategy(j *workflow.Job, contexts map[string]any, legs int) (bool, int) {
	failFast, maxParallel := true, max(legs, 1)
	if j.Strategy == nil {
		return failFast, maxParallel
	}
	if s := j.Strategy.FailFast; s != nil {
		if v, err := r.evalString(s.Value, contexts); err == nil {
			failFast = v != "false"
		}
	}
	if s := j.Strategy.MaxParallel; s != nil {
		if v, err := r.evalString(s.Value, contexts); err == nil {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				maxParallel = n
			}
		}
	}
	return failFast, maxParallel
}

// worse orders statuses for a job made of legs: failure beats cancelled
// beats success.
func worse(a, b Status) Status {
	rank := map[Status]int{StatusSkipped: 0, StatusSuccess: 1, StatusCancelled: 2, StatusFailure: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// evalString interpolates a template against contexts.
func (r *run) evalString(s string, contexts map[string]any) (string, error) {
	return r.interpolate(s, &expr.Env{Contexts: contexts})
}

func (r *run) interpolate(s string, env *expr.Env) (string, error) {
	t, err := r.exprs.Template(s)
	if err != nil {
		return "", err
	}
	return t.Eval(env)
}

// eval interpolates a value of one of the leg's steps, where hashFiles()
// reads the leg's workspace.
func (lr *legRun) eval(s string, contexts map[string]any) (string, error) {
	return lr.r.interpolate(s, &expr.Env{Contexts: contexts, HashFiles: lr.hashFiles})
}
