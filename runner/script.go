package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gantry-ci/gantry/executor"
	"github.com/gantry-ci/gantry/runner/stepio"
)

// stepOutput is what a step printed that the runner acts on.
type stepOutput struct {
	outputs map[string]string // deprecated ::set-output
}

// runScript writes a run step's script into the job's temp directory and
// runs it with the step's shell, streaming its output into the log.
func (lr *legRun) runScript(ctx context.Context, sr *stepRun) (int, stepOutput, error) {
	script, err := lr.eval(sr.s.Run.Value, sr.contexts)
	if err != nil {
		return 0, stepOutput{}, fmt.Errorf("run: %w", err)
	}
	shell, err := lr.stepShell(sr)
	if err != nil {
		return 0, stepOutput{}, err
	}
	dir, err := lr.workingDir(sr)
	if err != nil {
		return 0, stepOutput{}, err
	}
	if sr.files, err = lr.newFileCommands(sr); err != nil {
		return 0, stepOutput{}, err
	}
	name := randomHex()
	cmd, err := resolveShell(shell, lr.hasBash, func(ext string) string { return filepath.Join(lr.paths.Temp, name+ext) })
	if err != nil {
		return 0, stepOutput{}, err
	}
	if err := os.WriteFile(filepath.Join(lr.hostPaths.Temp, name+cmd.ext), []byte(script), 0o644); err != nil {
		return 0, stepOutput{}, fmt.Errorf("write script: %w", err)
	}
	sr.env["GITHUB_ACTION"] = sr.action
	// One processor for both streams: commands and masks apply across them,
	// while each stream keeps its own partial line.
	proc := lr.processor(sr)
	stderr := proc.NewStream()
	code, err := lr.container.Exec(ctx, executor.ExecSpec{Cmd: cmd.argv, Env: envList(sr.env), WorkingDir: dir, Stdout: proc, Stderr: stderr})
	proc.Flush()
	stderr.Flush()
	return code, stepOutput{outputs: proc.Outputs()}, err
}

// stepShell is the step's shell, else the job's then the workflow's
// defaults.run.shell.
func (lr *legRun) stepShell(sr *stepRun) (string, error) {
	s := sr.s.Shell
	if s == nil && lr.j.Defaults != nil {
		s = lr.j.Defaults.Shell
	}
	if s == nil && lr.w.Defaults != nil {
		s = lr.w.Defaults.Shell
	}
	if s == nil {
		return "", nil
	}
	return lr.eval(s.Value, sr.contexts)
}

// workingDir resolves working-directory (step, then job and workflow
// defaults) against the workspace.
func (lr *legRun) workingDir(sr *stepRun) (string, error) {
	wd := sr.s.WorkingDirectory
	if wd == nil && lr.j.Defaults != nil {
		wd = lr.j.Defaults.WorkingDirectory
	}
	if wd == nil && lr.w.Defaults != nil {
		wd = lr.w.Defaults.WorkingDirectory
	}
	if wd == nil {
		return lr.paths.Workspace, nil
	}
	v, err := lr.eval(wd.Value, sr.contexts)
	if err != nil {
		return "", fmt.Errorf("working-directory: %w", err)
	}
	if filepath.IsAbs(v) {
		return v, nil
	}
	return filepath.Join(lr.paths.Workspace, v), nil
}

// path is PATH for the next step: GITHUB_PATH entries, newest first, in
// front of the image's PATH.
func (lr *legRun) path() string {
	dirs := append([]string{}, lr.pathAdds...)
	if lr.shimDir != "" {
		dirs = append([]string{lr.shimDir}, dirs...)
	}
	return strings.Join(append(dirs, basePath), ":")
}

// applyFileCommands reads what the step wrote to its file commands: its
// outputs, and env and PATH changes for the steps after it.
func (lr *legRun) applyFileCommands(sr *stepRun, out stepOutput) (map[string]string, error) {
	outputs := out.outputs
	kvs, err := readEnvFile(sr.files["GITHUB_OUTPUT"])
	if err != nil {
		return nil, fmt.Errorf("GITHUB_OUTPUT: %w", err)
	}
	for _, kv := range kvs {
		outputs[kv.Key] = kv.Value
	}
	if kvs, err = readEnvFile(sr.files["GITHUB_ENV"]); err != nil {
		return outputs, fmt.Errorf("GITHUB_ENV: %w", err)
	}
	for _, kv := range kvs {
		if msg, blocked := stepio.BlockedEnvName(kv.Key); blocked {
			lr.logError(sr, msg)
			continue
		}
		lr.env[kv.Key] = kv.Value
	}
	lr.contexts["env"] = stringMap(lr.env)
	f, err := os.Open(sr.files["GITHUB_PATH"])
	if err != nil {
		return outputs, fmt.Errorf("GITHUB_PATH: %w", err)
	}
	defer f.Close()
	dirs, err := stepio.ParsePathFile(f)
	if err != nil {
		return outputs, fmt.Errorf("GITHUB_PATH: %w", err)
	}
	for _, d := range dirs {
		lr.pathAdds = append([]string{d}, lr.pathAdds...)
	}
	return outputs, lr.reportSummary(sr)
}

// maxSummary is GitHub's limit on one step's GITHUB_STEP_SUMMARY.
const maxSummary = 1 << 20

// reportSummary shows what the step wrote to GITHUB_STEP_SUMMARY, which
// GitHub renders on the run's page.
func (lr *legRun) reportSummary(sr *stepRun) error {
	data, err := os.ReadFile(sr.files["GITHUB_STEP_SUMMARY"])
	if err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	if len(data) > maxSummary {
		return fmt.Errorf("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got %dk", len(data)/1024)
	}
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if len(data) == 0 {
			break
		}
		e := lr.stepEvent(LogLine, sr)
		e.Kind, e.Line = "summary", lr.r.masker.Mask(line)
		lr.r.report(e)
	}
	return nil
}

func readEnvFile(path string) ([]stepio.KV, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return stepio.ParseEnvFile(f)
}
