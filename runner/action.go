package runner

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/gantry-ci/gantry/executor"
	"github.com/gantry-ci/gantry/executor/actions"
)

// runAction runs a built-in action for a `uses:` step.
func (lr *legRun) runAction(ctx context.Context, sr *stepRun, a actions.Action) (Status, map[string]string) {
	inputs, err := lr.actionInputs(sr, a.Inputs())
	if err != nil {
		return lr.errorOutcome(sr, err)
	}
	step := &actions.Step{
		Inputs: inputs, Env: sr.env, Github: lr.contexts["github"].(map[string]any),
		Host: actions.Dirs{Workspace: lr.hostPaths.Workspace, Temp: lr.hostPaths.Temp, ToolCache: lr.hostPaths.ToolCache},
		Job:  actions.Dirs{Workspace: lr.paths.Workspace, Temp: lr.paths.Temp, ToolCache: lr.paths.ToolCache},
		Repo: lr.r.cfg.RepoDir, Artifacts: lr.r.artifacts, Settings: lr.r.cfg.ActionSettings,
		Log:     func(format string, args ...any) { lr.stepLine(sr, "output", fmt.Sprintf(format, args...)) },
		Warn:    func(format string, args ...any) { lr.stepLine(sr, "warning", fmt.Sprintf(format, args...)) },
		Output:  &lineWriter{emit: func(line string) { lr.stepLine(sr, "output", line) }},
		Mask:    lr.r.masker.Add,
		JobExec: func(ctx context.Context, cmd ...string) (string, error) { return lr.jobOutput(ctx, sr, cmd) },
		Uses:    sr.s.Uses.Value, Credentials: lr.credentials, RegistryMap: actions.RegistryMap(lr.r.cfg.RegistryMap),
	}
	if im, ok := lr.container.(executor.Images); ok {
		step.Docker = im
	}
	res, err := a.Run(ctx, step)
	if err != nil {
		if ctx.Err() != nil {
			return StatusCancelled, nil
		}
		return lr.errorOutcome(sr, err)
	}
	for k, v := range res.Env {
		lr.env[k] = v
	}
	lr.contexts["env"] = stringMap(lr.env)
	for _, p := range res.Path {
		lr.pathAdds = append([]string{p}, lr.pathAdds...)
	}
	return StatusSuccess, res.Outputs
}

// actionInputs evaluates `with:` and the declared defaults, as the runner
// does: an unknown input is a warning, a missing required one an error.
func (lr *legRun) actionInputs(sr *stepRun, declared []actions.Input) (map[string]string, error) {
	known := make(map[string]actions.Input, len(declared))
	for _, in := range declared {
		known[strings.ToLower(in.Name)] = in
	}
	inputs := map[string]string{}
	var unexpected []string
	for _, kv := range sr.s.With {
		v, err := lr.eval(kv.Value.Value, sr.contexts)
		if err != nil {
			return nil, fmt.Errorf("with.%s: %w", kv.Key.Value, err)
		}
		name := strings.ToLower(kv.Key.Value)
		if _, ok := known[name]; !ok {
			unexpected = append(unexpected, kv.Key.Value)
		}
		inputs[name] = v
	}
	if len(unexpected) > 0 {
		names := make([]string, 0, len(known))
		for n := range known {
			names = append(names, n)
		}
		sort.Strings(names)
		lr.stepLine(sr, "warning", fmt.Sprintf("Unexpected input(s) '%s', valid inputs are ['%s']", strings.Join(unexpected, "', '"), strings.Join(names, "', '")))
	}
	for _, in := range declared {
		name := strings.ToLower(in.Name)
		if _, ok := inputs[name]; ok {
			continue
		}
		v, err := lr.eval(in.Default, sr.contexts)
		if err != nil {
			return nil, fmt.Errorf("default of input %s: %w", in.Name, err)
		}
		if in.Required && v == "" {
			return nil, fmt.Errorf("input required and not supplied: %s", in.Name)
		}
		inputs[name] = v
	}
	return inputs, nil
}

func (lr *legRun) stepLine(sr *stepRun, kind, line string) {
	e := lr.stepEvent(LogLine, sr)
	e.Kind, e.Line = kind, line
	if kind == "output" || kind == "error" {
		lr.tail.add(line)
	}
	lr.r.report(e)
}

// jobOutput runs a command in the job and returns what it printed.
func (lr *legRun) jobOutput(ctx context.Context, sr *stepRun, cmd []string) (string, error) {
	var out, errb bytes.Buffer
	code, err := lr.container.Exec(ctx, executor.ExecSpec{Cmd: cmd, Env: envList(sr.env), Stdout: &out, Stderr: &errb})
	if err != nil {
		return "", err
	}
	if code != 0 {
		return "", fmt.Errorf("%s: exit code %d: %s", strings.Join(cmd, " "), code, strings.TrimSpace(errb.String()))
	}
	return strings.TrimSpace(out.String()), nil
}
