package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gantry-ci/gantry/expr"
	"github.com/gantry-ci/gantry/workflow"
)

// basePath is the PATH of the job images gantry uses; GITHUB_PATH entries
// are put in front of it.
const basePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// stepRun is one step while it runs.
type stepRun struct {
	s        *workflow.Step
	id       string // steps.<id>; "" when the step has none
	action   string // GITHUB_ACTION
	name     string
	contexts map[string]any // with the step's own env
	env      map[string]string
	files    map[string]string // file command → host path
}

// runStep runs one step and records it in the steps context. It returns an
// error only when the leg must stop (cancelled or timed out).
func (lr *legRun) runStep(ctx context.Context, index int, s *workflow.Step) error {
	sr := &stepRun{s: s, action: lr.actionID(s)}
	if s.ID != nil {
		sr.id = s.ID.Value
	}
	sr.name = lr.stepName(s)
	run, err := lr.stepCondition(ctx, s)
	if err != nil {
		lr.stepFailed(sr, err.Error())
		lr.record(sr, StatusFailure, StatusFailure, nil)
		return nil
	}
	if !run {
		e := lr.stepEvent(StepEnd, sr)
		e.Status = StatusSkipped
		lr.r.report(e)
		lr.record(sr, StatusSkipped, StatusSkipped, nil)
		return nil
	}
	lr.r.report(lr.stepEvent(StepStart, sr))
	start := time.Now()
	outcome, outputs := lr.execStep(ctx, sr)
	conclusion := outcome
	if outcome == StatusFailure && lr.continueOnError(sr) {
		conclusion = StatusSuccess
	}
	if conclusion == StatusFailure || outcome == StatusCancelled {
		lr.status = worse(lr.status, outcome)
		if lr.failedStep == "" {
			lr.failedStep = sr.name
		}
	}
	lr.record(sr, outcome, conclusion, outputs)
	e := lr.stepEvent(StepEnd, sr)
	e.Status, e.Duration = outcome, time.Since(start).Seconds()
	lr.r.report(e)
	if err := ctx.Err(); err != nil {
		return err
	}
	return nil
}

// actionID is GITHUB_ACTION: the step id, or __run, __run_2, … for steps
// without one, as the runner numbers them.
func (lr *legRun) actionID(s *workflow.Step) string {
	if s.ID != nil {
		return s.ID.Value
	}
	lr.actions["__run"]++
	if n := lr.actions["__run"]; n > 1 {
		return "__run_" + strconv.Itoa(n)
	}
	return "__run"
}

// stepName is the name shown for a step: its name, else "Run" and the
// first line of its script, as GitHub shows it.
func (lr *legRun) stepName(s *workflow.Step) string {
	if s.Name != nil {
		if v, err := lr.eval(s.Name.Value, lr.contexts); err == nil {
			return v
		}
		return s.Name.Value
	}
	return s.DisplayName()
}

func (lr *legRun) stepCondition(ctx context.Context, s *workflow.Step) (bool, error) {
	cond := ""
	if s.If != nil {
		cond = s.If.Value
	}
	prog, err := lr.r.exprs.Condition(cond)
	if err != nil {
		return false, fmt.Errorf("if: %w", err)
	}
	env := &expr.Env{Contexts: lr.contexts, Status: expr.StatusSuccess, HashFiles: lr.hashFiles}
	switch {
	case ctx.Err() != nil:
		env.Status = expr.StatusCancelled
	case lr.status == StatusFailure:
		env.Status = expr.StatusFailure
	}
	return prog.EvalBool(env)
}

func (lr *legRun) hashFiles(patterns []string) (string, error) {
	return expr.HashFiles(lr.hostPaths.Workspace, patterns)
}

func (lr *legRun) continueOnError(sr *stepRun) bool {
	if sr.s.ContinueOnError == nil {
		return false
	}
	v, err := lr.eval(sr.s.ContinueOnError.Value, lr.contexts)
	return err == nil && v == "true"
}

// record adds the step to the steps context; steps without an id are not
// addressable, as on GitHub.
func (lr *legRun) record(sr *stepRun, outcome, conclusion Status, outputs map[string]string) {
	if sr.id == "" {
		return
	}
	lr.steps[sr.id] = map[string]any{"outcome": string(outcome), "conclusion": string(conclusion), "outputs": stringMap(outputs)}
}

func (lr *legRun) stepEvent(t EventType, sr *stepRun) Event {
	e := lr.event(t, "")
	e.Step = sr.name
	return e
}

func (lr *legRun) stepFailed(sr *stepRun, msg string) {
	lr.status = StatusFailure
	if lr.failedStep == "" {
		lr.failedStep = sr.name
	}
	lr.tail.add(msg)
	e := lr.stepEvent(LogLine, sr)
	e.Kind, e.Line = "error", msg
	lr.r.report(e)
	e = lr.stepEvent(StepEnd, sr)
	e.Status = StatusFailure
	lr.r.report(e)
}

// execStep evaluates the step's inputs and runs it.
func (lr *legRun) execStep(ctx context.Context, sr *stepRun) (Status, map[string]string) {
	if err := lr.stepEnv(sr); err != nil {
		return lr.errorOutcome(sr, err)
	}
	if sr.s.Uses != nil {
		return lr.runUses(ctx, sr)
	}
	timeout, err := lr.stepTimeout(sr)
	if err != nil {
		return lr.errorOutcome(sr, err)
	}
	stepCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	code, out, err := lr.runScript(stepCtx, sr)
	switch {
	case err != nil && ctx.Err() != nil:
		return StatusCancelled, nil
	case errors.Is(err, context.DeadlineExceeded):
		return lr.errorOutcome(sr, fmt.Errorf("the step ran longer than its timeout-minutes (%s)", timeout))
	case err != nil:
		return lr.errorOutcome(sr, err)
	}
	outputs, ferr := lr.applyFileCommands(sr, out)
	if ferr != nil {
		return lr.errorOutcome(sr, ferr)
	}
	if code != 0 {
		lr.logError(sr, fmt.Sprintf("Process completed with exit code %d.", code))
		return StatusFailure, outputs
	}
	return StatusSuccess, outputs
}

func (lr *legRun) errorOutcome(sr *stepRun, err error) (Status, map[string]string) {
	lr.logError(sr, err.Error())
	return StatusFailure, nil
}

func (lr *legRun) logError(sr *stepRun, msg string) {
	lr.tail.add(msg)
	e := lr.stepEvent(LogLine, sr)
	e.Kind, e.Line = "error", msg
	lr.r.report(e)
}

// stepEnv evaluates the step's env over the job's, and the contexts the
// step's other values see (env includes the step's own env).
func (lr *legRun) stepEnv(sr *stepRun) error {
	env := maps.Clone(lr.env)
	contexts := maps.Clone(lr.contexts)
	contexts["env"] = stringMap(env)
	for _, kv := range sr.s.Env {
		v, err := lr.eval(kv.Value.Value, contexts)
		if err != nil {
			return fmt.Errorf("env %s: %w", kv.Key.Value, err)
		}
		env[kv.Key.Value] = v
	}
	contexts["env"] = stringMap(env)
	env["PATH"] = lr.path()
	sr.env, sr.contexts = env, contexts
	return nil
}

// runUses runs an action step: a built-in action, or a local composite
// action.
func (lr *legRun) runUses(ctx context.Context, sr *stepRun) (Status, map[string]string) {
	uses := sr.s.Uses.Value
	u, err := workflow.ParseUses(uses, false)
	if err != nil {
		return lr.errorOutcome(sr, err)
	}
	switch u.Kind {
	case workflow.UsesLocal:
		return lr.runLocalAction(ctx, sr, uses)
	case workflow.UsesDocker:
		return lr.errorOutcome(sr, fmt.Errorf("%s: gantry does not run docker:// actions yet", uses))
	}
	a, ok := lr.r.cfg.Actions.Lookup(uses)
	if !ok {
		return lr.errorOutcome(sr, fmt.Errorf("%s is not built into gantry; built in: %s", uses, strings.Join(lr.r.cfg.Actions.Names(), ", ")))
	}
	return lr.runAction(ctx, sr, a)
}

// newFileCommands makes the step's fresh, empty file-command files.
func (lr *legRun) newFileCommands(sr *stepRun) (map[string]string, error) {
	suffix := randomHex()
	files := map[string]string{}
	for env, prefix := range map[string]string{"GITHUB_OUTPUT": "set_output_", "GITHUB_ENV": "set_env_",
		"GITHUB_PATH": "add_path_", "GITHUB_STEP_SUMMARY": "step_summary_", "GITHUB_STATE": "save_state_"} {
		host := filepath.Join(lr.fileCommandDir(true), prefix+suffix)
		if err := os.WriteFile(host, nil, 0o666); err != nil {
			return nil, fmt.Errorf("file commands: %w", err)
		}
		// The job may run as another user than gantry: let it write.
		_ = os.Chmod(host, 0o666)
		files[env] = host
		sr.env[env] = filepath.Join(lr.fileCommandDir(false), prefix+suffix)
	}
	return files, nil
}

func randomHex() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return hex.EncodeToString(b)
}
