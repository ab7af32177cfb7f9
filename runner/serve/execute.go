package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gantry-ci/gantry/executor/actions"
	"github.com/gantry-ci/gantry/runner"
	"github.com/gantry-ci/gantry/runner/event"
	"github.com/gantry-ci/gantry/runner/serve/queue"
	"github.com/gantry-ci/gantry/workflow"
)

// outcome is how a run ended.
type outcome struct {
	status    queue.Status
	reason    string
	artifacts int
}

// execute runs r and stores how it ended; its log goes to the run's file.
func (s *Server) execute(ctx context.Context, r *queue.Run) {
	s.log.Info("run started", "run", r.ID, "event", r.Event, "repository", r.Repository, "ref", r.Ref)
	w, err := s.logs.Create(r.ID)
	var out outcome
	if err != nil {
		out = outcome{status: queue.Errored, reason: err.Error()}
	} else {
		out = s.runOne(ctx, r, w)
		if ctx.Err() != nil && out.status == queue.Errored {
			// Cut off before the runner started (during the checkout, say).
			out = outcome{status: queue.Interrupted, reason: "the daemon shut down before the run finished"}
		}
		if out.status == queue.Errored {
			w.Report(runner.Event{Type: runner.LogLine, RunID: r.ID, Kind: "error", Line: out.reason})
		}
		_ = w.Close()
	}
	// Finish with a context of its own: a cancelled run is still recorded.
	if err := s.store.Finish(r.ID, out.status, out.reason, out.artifacts); err != nil {
		s.log.Error("record run result", "run", r.ID, "error", err)
	}
	s.log.Info("run finished", "run", r.ID, "status", out.status)
}

// runOne checks the commit out into a fresh workspace, loads its
// workflows, synthesises the event and runs it.
func (s *Server) runOne(ctx context.Context, r *queue.Run, out runner.Reporter) outcome {
	fail := func(err error) outcome { return outcome{status: queue.Errored, reason: err.Error()} }
	repo, ok := s.cfg.repository(r.Repository)
	if !ok {
		return fail(fmt.Errorf("repository %s is not configured", r.Repository))
	}
	ws := filepath.Join(s.cfg.DataDir, "work", strconv.FormatInt(r.ID, 10))
	_ = os.RemoveAll(ws) // a workspace a crash left behind
	defer os.RemoveAll(ws)
	sha, err := checkout(ctx, repo.Path, ws, r.Ref, r.SHA)
	if err != nil {
		return fail(err)
	}
	workflows, errs, err := workflow.Load(filepath.Join(ws, ".github", "workflows"))
	if err != nil {
		return fail(err)
	}
	if len(errs) > 0 {
		return fail(errs)
	}
	payload, inputs, err := s.payload(r.ID)
	if err != nil {
		return fail(err)
	}
	ev, err := event.Synthesize(ctx, event.Options{Dir: ws, Event: r.Event, Ref: r.Ref, SHA: sha,
		Repository: r.Repository, Inputs: inputs, Payload: payload})
	if err != nil {
		return fail(err)
	}
	cfg := s.runnerConfig(r, repo, ws, workflows, ev, inputs, out)
	res, err := runner.Run(ctx, cfg, s.backend)
	if err != nil {
		return fail(err)
	}
	return judge(ctx, res)
}

// judge maps a runner result to the run's final status.
func judge(ctx context.Context, res *runner.Result) outcome {
	o := outcome{status: queue.Success, artifacts: res.Artifacts}
	switch {
	case res.Cancelled && ctx.Err() != nil:
		o.status, o.reason = queue.Interrupted, "the daemon shut down before the run finished"
	case res.Failed():
		o.status = queue.Failure
	case len(res.Jobs) == 0:
		o.status, o.reason = queue.Skipped, "no workflow is triggered by this event"
	}
	return o
}

func (s *Server) runnerConfig(r *queue.Run, repo Repository, ws string, workflows []*workflow.Workflow,
	ev *event.Event, inputs map[string]string, out runner.Reporter) runner.Config {
	platforms := runner.DefaultPlatforms()
	maps.Copy(platforms, s.cfg.Platforms)
	secrets := maps.Clone(repo.Secrets)
	return runner.Config{
		Workflows: workflows, Event: ev, RepoDir: ws,
		Secrets: secrets, Vars: maps.Clone(repo.Vars), Inputs: inputs,
		RegistryMap:    maps.Clone(s.cfg.RegistryMaps),
		ActionSettings: actions.Settings{KeyFile: filepath.Join(s.cfg.DataDir, "attestation-key.pem")},
		Platforms:      platforms, MaxJobs: s.cfg.MaxJobs,
		RunID: r.ID, RunNumber: r.ID,
		TempDir:     filepath.Join(s.cfg.DataDir, "tmp"),
		ArtifactDir: s.artifactDir(),
		ToolCache:   filepath.Join(s.cfg.DataDir, "toolcache"),
		Log:         s.log.Named("run").With("run", r.ID),
		Output:      out,
	}
}

// payload is the stored event payload of run id, and the
// workflow_dispatch inputs in it as strings.
func (s *Server) payload(id int64) (map[string]any, map[string]string, error) {
	raw, err := s.store.Payload(id)
	if err != nil || len(raw) == 0 {
		return nil, nil, err
	}
	var p map[string]any
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, nil, fmt.Errorf("run %d payload: %w", id, err)
	}
	in, _ := p["inputs"].(map[string]any)
	if len(in) == 0 {
		return p, nil, nil
	}
	inputs := map[string]string{}
	for k, v := range in {
		inputs[k] = fmt.Sprint(v)
	}
	return p, inputs, nil
}
