package runner

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"

	"github.com/gantry-ci/gantry/executor/actions"
	"github.com/gantry-ci/gantry/workflow"
)

// maxActionDepth is how deeply composite actions may nest, as on GitHub.
const maxActionDepth = 10

// runLocalAction runs `uses: ./path`: the action.yml in the workspace (so
// after a checkout, as on GitHub). gantry runs composite actions.
func (lr *legRun) runLocalAction(ctx context.Context, sr *stepRun, uses string) (Status, map[string]string) {
	if len(lr.outer) >= maxActionDepth {
		return lr.errorOutcome(sr, fmt.Errorf("%s: composite actions nest more than %d deep", uses, maxActionDepth))
	}
	dir := filepath.Join(lr.hostPaths.Workspace, filepath.Clean("/"+uses))
	a, err := loadAction(dir)
	if err != nil {
		return lr.errorOutcome(sr, fmt.Errorf("%s: %w", uses, err))
	}
	if a.Using == nil || a.Using.Value != "composite" {
		using := "nothing"
		if a.Using != nil {
			using = a.Using.Value
		}
		return lr.errorOutcome(sr, fmt.Errorf("%s runs using %s; gantry runs local composite actions only", uses, using))
	}
	declared := make([]actions.Input, len(a.Inputs))
	for i, in := range a.Inputs {
		declared[i] = actions.Input{Name: in.ID.Value}
		if in.Default != nil {
			declared[i].Default = in.Default.Value
		}
		declared[i].Required = in.Required != nil && in.Required.Value == "true"
	}
	inputs, err := lr.actionInputs(sr, declared)
	if err != nil {
		return lr.errorOutcome(sr, err)
	}
	return lr.runComposite(ctx, sr, a, dir, inputs)
}

func loadAction(dir string) (*workflow.Action, error) {
	for _, name := range []string{"action.yml", "action.yaml"} {
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		a, errs := workflow.ParseAction(path, src)
		if len(errs) > 0 {
			return nil, errs[0]
		}
		return a, nil
	}
	return nil, fmt.Errorf("no action.yml or action.yaml in %s (was the repository checked out?)", dir)
}

// runComposite runs a composite action's steps in a scope of their own:
// their own steps context and status, the inputs context, and the calling
// step's env. GITHUB_ENV and GITHUB_PATH changes reach the job, as on
// GitHub.
func (lr *legRun) runComposite(ctx context.Context, sr *stepRun, a *workflow.Action, dir string, inputs map[string]string) (Status, map[string]string) {
	caller := lr.scope
	lr.outer = append(lr.outer, caller)
	lr.scope = scope{steps: map[string]any{}, status: StatusSuccess, actions: map[string]int{},
		env: maps.Clone(sr.env), contexts: maps.Clone(caller.contexts)}
	delete(lr.env, "PATH")
	lr.env["GITHUB_ACTION_PATH"] = lr.jobPath(dir)
	gh := maps.Clone(caller.contexts["github"].(map[string]any))
	gh["action_path"] = lr.jobPath(dir)
	lr.contexts["github"], lr.contexts["steps"] = gh, lr.steps
	lr.contexts["inputs"], lr.contexts["env"] = stringMap(inputs), stringMap(lr.env)
	var err error
	for i, s := range a.Steps {
		if err = lr.runStep(ctx, i, s); err != nil {
			break
		}
	}
	outputs := map[string]string{}
	for _, kv := range a.Outputs {
		if v, oerr := lr.eval(kv.Value.Value, lr.contexts); oerr == nil {
			outputs[kv.Key.Value] = v
		}
	}
	status := lr.status
	changed := envChanges(sr.env, lr.env)
	lr.scope, lr.outer = caller, lr.outer[:len(lr.outer)-1]
	for k, v := range changed {
		lr.env[k] = v
	}
	lr.contexts["env"] = stringMap(lr.env)
	if err != nil || ctx.Err() != nil {
		return StatusCancelled, nil
	}
	return status, outputs
}

// envChanges is what a composite's steps set through GITHUB_ENV.
func envChanges(before, after map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range after {
		if k == "GITHUB_ACTION_PATH" {
			continue
		}
		if b, ok := before[k]; !ok || b != v {
			out[k] = v
		}
	}
	return out
}

func (lr *legRun) jobPath(host string) string { return lr.pathMap.Job(host) }
