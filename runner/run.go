package runner

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/gantry-ci/gantry/executor"
	"github.com/gantry-ci/gantry/executor/actions"
	"github.com/gantry-ci/gantry/executor/artifact"
	"github.com/gantry-ci/gantry/expr"
	"github.com/gantry-ci/gantry/runner/event"
	"github.com/gantry-ci/gantry/runner/stepio"
	"github.com/gantry-ci/gantry/workflow"
)

// run is the state one Run shares between its jobs.
type run struct {
	cfg     Config
	backend executor.Backend
	exprs   *expr.Cache
	masker  *stepio.Masker
	out     Reporter
	sem     *semaphore.Weighted
	start   time.Time

	artifacts *artifact.Store

	mu      sync.Mutex
	results []JobResult
}

// Run runs the workflows of cfg that the event triggers and returns what
// happened. An error is returned only for problems outside the jobs (the
// temp directory cannot be made, say); failed jobs are in the Result.
func Run(ctx context.Context, cfg Config, b executor.Backend) (*Result, error) {
	r, err := newRun(cfg, b)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(r.cfg.TempDir)
	plan, errs := workflow.PlanEvent(r.cfg.Workflows, Trigger(r.cfg.Event))
	r.announce(plan)
	if len(errs) > 0 {
		return nil, errs
	}
	if cfg.DryRun {
		return r.dryRun(plan), nil
	}
	var wg sync.WaitGroup
	for _, wp := range plan.Workflows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.runWorkflow(ctx, wp)
		}()
	}
	wg.Wait()
	res := &Result{Jobs: r.results, Cancelled: ctx.Err() != nil}
	if list, err := r.artifacts.List(); err == nil {
		res.Artifacts = len(list)
	}
	r.report(Event{Type: RunEnd, Message: summary(res, time.Since(r.start))})
	return res, nil
}

func newRun(cfg Config, b executor.Backend) (*run, error) {
	if cfg.MaxJobs < 1 {
		cfg.MaxJobs = 1
	}
	if !cfg.DryRun {
		dir, err := os.MkdirTemp(cfg.TempDir, "gantry-run-")
		if err != nil {
			return nil, fmt.Errorf("run: make temp dir: %w", err)
		}
		cfg.TempDir = dir
	}
	r := &run{cfg: cfg, backend: b, exprs: expr.NewCache(), masker: stepio.NewMasker(),
		sem: semaphore.NewWeighted(int64(cfg.MaxJobs)), start: time.Now()}
	r.cfg.Secrets = withToken(cfg.Secrets)
	for _, v := range r.cfg.Secrets {
		r.masker.Add(v)
	}
	r.out = cfg.Output
	if r.out == nil {
		r.out = NewTextReporter(io.Discard)
	}
	if cfg.DryRun {
		return r, nil
	}
	if r.cfg.ArtifactDir == "" {
		r.cfg.ArtifactDir = filepath.Join(cfg.TempDir, "artifacts")
	}
	if r.cfg.ToolCache == "" {
		r.cfg.ToolCache = filepath.Join(cfg.TempDir, "toolcache")
	}
	if r.cfg.Actions == nil {
		r.cfg.Actions = actions.Builtin()
	}
	if r.cfg.ActionSettings.HTTP == nil {
		r.cfg.ActionSettings.HTTP = http.DefaultClient
	}
	store, err := artifact.OpenStore(r.cfg.ArtifactDir, cfg.RunID)
	if err != nil {
		return nil, fmt.Errorf("run: artifacts: %w", err)
	}
	r.artifacts = store
	return r, nil
}

// withToken returns secrets with GITHUB_TOKEN, which GitHub always
// provides: a placeholder when none was given keeps steps that pass it on
// working, and it is masked like any secret. The caller's map is not
// changed.
func withToken(secrets map[string]string) map[string]string {
	if _, ok := secrets["GITHUB_TOKEN"]; ok {
		return secrets
	}
	out := maps.Clone(secrets)
	if out == nil {
		out = map[string]string{}
	}
	out["GITHUB_TOKEN"] = "gantry-placeholder-token-" + rand.Text()
	return out
}

// report masks every text of e and passes it on.
func (r *run) report(e Event) {
	e.Time = time.Now()
	e.RunID = r.cfg.RunID
	e.Line = r.masker.Mask(e.Line)
	e.Message = r.masker.Mask(e.Message)
	e.Step = r.masker.Mask(e.Step)
	e.Leg = r.masker.Mask(e.Leg)
	r.out.Report(e)
}

// triggered returns the workflows whose `on:` matches the event, saying
// which run and, in the debug log, why the others do not.
// announce says which workflows the event triggers, and at debug level why
// the others were not.
func (r *run) announce(plan *workflow.Plan) {
	ev := r.cfg.Event
	if r.cfg.Log != nil {
		for _, s := range plan.Skipped {
			r.cfg.Log.Debug("workflow not triggered", "file", s.File, "reason", s.Reason)
		}
	}
	var names []string
	for _, wp := range plan.Workflows {
		names = append(names, fmt.Sprintf("%s (%s)", wp.Name, wp.File))
	}
	msg := fmt.Sprintf("gantry: run %d: %s on %s at %s", r.cfg.RunID, ev.Name, ev.Ref, short(ev.SHA))
	if len(names) == 0 {
		msg += ": no workflow is triggered (use -v to see why)"
	} else {
		msg += ": " + strings.Join(names, ", ")
	}
	r.report(Event{Type: RunStart, Message: msg})
}

// Trigger is what an event's on: filters look at: the pushed ref, or for a
// pull request its base branch (as GitHub's github.base_ref).
func Trigger(ev *event.Event) workflow.Trigger {
	t := workflow.Trigger{Event: ev.Name, Ref: ev.Ref, Action: ev.Action, Files: ev.Files}
	if ev.Name == "pull_request" || ev.Name == "pull_request_target" {
		t.Ref = "refs/heads/" + ev.BaseRef
	}
	return t
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

func (r *run) addResult(jr JobResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.results = append(r.results, jr)
}

// legDir makes the host directory of one job leg.
func (r *run) legDir(name string) (string, error) {
	dir, err := os.MkdirTemp(r.cfg.TempDir, sanitize(name)+"-")
	if err != nil {
		return "", fmt.Errorf("job %s: make directory: %w", name, err)
	}
	return dir, nil
}

func sanitize(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "job"
	}
	return b.String()
}

// dryRun reports the job legs the run would start, in dependency order,
// and starts nothing.
func (r *run) dryRun(plan *workflow.Plan) *Result {
	res := &Result{}
	for _, wp := range plan.Workflows {
		jobs := wp.Jobs
		if r.cfg.Job != "" {
			jobs = selectJobs(wp, r.cfg.Job)
		}
		for _, jp := range jobs {
			names := []string{jp.Name + " (matrix computed at run time)"}
			if !jp.MatrixDeferred {
				names = names[:0]
				for _, l := range jp.Legs {
					if r.matrixSelected(l.Matrix) {
						names = append(names, l.Name)
					}
				}
			}
			for _, n := range names {
				msg := "would run"
				if len(jp.Needs) > 0 {
					msg += " after " + strings.Join(jp.Needs, ", ")
				}
				r.report(Event{Type: RunStart, Workflow: wp.File, Job: jp.ID, Leg: n, Message: "[" + n + "] " + msg})
				res.Jobs = append(res.Jobs, JobResult{Workflow: wp.File, Job: jp.ID, Name: n, Status: StatusSkipped})
			}
		}
	}
	return res
}
