package runner

import (
	"context"
	"sync"

	"github.com/gantry-ci/gantry/workflow"
)

// jobState is a job's outcome, published to the jobs that need it when
// done is closed.
type jobState struct {
	done    chan struct{}
	result  Status
	outputs map[string]string
}

// runWorkflow starts every job of one workflow at once; each waits for the
// jobs it needs, so a job starts as soon as its own needs are done.
func (r *run) runWorkflow(ctx context.Context, wp *workflow.WorkflowPlan) {
	jobs := wp.Jobs
	if r.cfg.Job != "" {
		jobs = selectJobs(wp, r.cfg.Job)
	}
	states := make(map[string]*jobState, len(jobs))
	for _, jp := range jobs {
		states[jp.ID] = &jobState{done: make(chan struct{}), outputs: map[string]string{}}
	}
	var wg sync.WaitGroup
	for _, jp := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := states[jp.ID]
			defer close(st.done)
			needs, ok := waitNeeds(ctx, jp.Needs, states)
			if !ok {
				st.result = StatusCancelled
				return
			}
			st.result, st.outputs = r.runJob(ctx, wp.Workflow, jp.Job, jp, needs)
		}()
	}
	wg.Wait()
}

// selectJobs keeps job id and the jobs it needs, directly or not.
func selectJobs(wp *workflow.WorkflowPlan, id string) []*workflow.JobPlan {
	g, _ := workflow.NewGraph(wp.Workflow)
	keep := map[string]bool{}
	for _, j := range g.Closure(id) {
		keep[j] = true
	}
	var out []*workflow.JobPlan
	for _, jp := range wp.Jobs {
		if keep[jp.ID] {
			out = append(out, jp)
		}
	}
	return out
}

// waitNeeds blocks until every needed job is done and returns the needs
// context; false when the run is cancelled first.
func waitNeeds(ctx context.Context, needs []string, states map[string]*jobState) (map[string]*jobState, bool) {
	out := make(map[string]*jobState, len(needs))
	for _, n := range needs {
		st, ok := states[n]
		if !ok {
			continue
		}
		select {
		case <-st.done:
			out[n] = st
		case <-ctx.Done():
			return nil, false
		}
	}
	return out, true
}

// needsContext renders finished needs as the `needs` context.
func needsContext(needs map[string]*jobState) map[string]any {
	ctx := make(map[string]any, len(needs))
	for id, st := range needs {
		ctx[id] = map[string]any{"result": string(st.result), "outputs": stringMap(st.outputs)}
	}
	return ctx
}

// needsStatus is what success(), failure() and cancelled() see in a job's
// `if`: failure when a needed job failed.
func needsStatus(ctx context.Context, needs map[string]*jobState) (failed, notSucceeded bool) {
	for _, st := range needs {
		switch st.result {
		case StatusFailure, StatusCancelled:
			failed = true
			notSucceeded = true
		case StatusSkipped:
			notSucceeded = true
		}
	}
	return failed, notSucceeded || ctx.Err() != nil
}
