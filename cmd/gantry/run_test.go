package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These are end-to-end tests of `gantry run` against the real Docker engine
// and the local job image, which make test provisions.

// gitRepo makes a repository with one committed workflow and an origin
// remote, as a user's checkout would be.
func gitRepo(t *testing.T, workflow string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, ".github/workflows/ci.yml", workflow)
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"remote", "add", "origin", "git@github.com:octo/app.git"},
		{"config", "user.name", "Mona"},
		{"config", "user.email", "mona@example.com"},
		{"add", "-A"},
		{"commit", "-q", "-m", "init"},
	} {
		gitIn(t, dir, args...)
	}
	return dir
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

const e2eWorkflow = `name: CI
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      v: ${{ steps.a.outputs.v }}
    steps:
      - id: a
        run: |
          echo "v=42" >> "$GITHUB_OUTPUT"
          echo "secret is ${{ secrets.MY_SECRET }}"
          echo "repo=${{ github.repository }} actor=${{ github.actor }} ref=$GITHUB_REF"
  test:
    needs: build
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: [1, 2]
    steps:
      - run: echo "leg ${{ matrix.n }} got ${{ needs.build.outputs.v }}"
  other:
    runs-on: ubuntu-latest
    steps:
      - run: echo other-ran
`

func TestRunEndToEnd(t *testing.T) {
	dir := gitRepo(t, e2eWorkflow)
	code, stdout, stderr := run(t, "run", "-C", dir, "-s", "MY_SECRET=s3cr3t-value", "--pull", "never")
	if code != ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, s := range []string{"secret is ***", "repo=octo/app actor=Mona ref=refs/heads/main", "leg 1 got 42", "leg 2 got 42", "other-ran", "Summary"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("output lacks %q:\n%s", s, stdout)
		}
	}
	if strings.Contains(stdout+stderr, "s3cr3t-value") {
		t.Error("the secret reached the output")
	}
}

func TestRunJobSelectionAndJSON(t *testing.T) {
	dir := gitRepo(t, e2eWorkflow)
	code, stdout, stderr := run(t, "run", "-C", dir, "-j", "test", "--matrix", "n:2", "--json", "--pull", "never")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	types := map[string]bool{}
	legs := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		var e struct{ Type, Leg string }
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("not a JSON line: %q: %v", sc.Text(), err)
		}
		types[e.Type] = true
		if e.Type == "job.end" {
			legs[e.Leg] = true
		}
	}
	for _, ty := range []string{"run.start", "job.start", "step.start", "log", "step.end", "job.end", "run.end"} {
		if !types[ty] {
			t.Errorf("no %s event in:\n%s", ty, stdout)
		}
	}
	if !legs["build"] || !legs["test (2)"] || legs["test (1)"] || legs["other"] {
		t.Errorf("-j test --matrix n:2 ran %v; want build and test (2)", legs)
	}
}

func TestRunFailureExitCodeAndSummary(t *testing.T) {
	dir := gitRepo(t, "on: push\njobs:\n  broken:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Compile\n        run: |\n          echo compiling\n          echo 'error: it broke' >&2\n          exit 2\n")
	code, stdout, stderr := run(t, "run", "-C", dir, "--pull", "never")
	if code != ExitFailure {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	for _, s := range []string{"failed at step: Compile", "| error: it broke", "Process completed with exit code 2."} {
		if !strings.Contains(stdout, s) {
			t.Errorf("summary lacks %q:\n%s", s, stdout)
		}
	}
}

func TestRunDryRunAndUsage(t *testing.T) {
	dir := gitRepo(t, e2eWorkflow)
	code, stdout, _ := run(t, "run", "-C", dir, "-n")
	if code != ExitOK || !strings.Contains(stdout, "[test (2)] would run after build") {
		t.Errorf("dry run: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := run(t, "run", "-C", dir, "--pull", "sometimes"); code != ExitUsage || !strings.Contains(stderr, "--pull must be") {
		t.Errorf("bad --pull: exit %d %q", code, stderr)
	}
	if code, _, stderr := run(t, "run", "-C", dir, "-j", "nope"); code != ExitFailure || !strings.Contains(stderr, `no job "nope"`) {
		t.Errorf("unknown job: exit %d %q", code, stderr)
	}
	if code, _, stderr := run(t, "run", "-C", t.TempDir()); code != ExitFailure || !strings.Contains(stderr, "workflows") {
		t.Errorf("no workflows: exit %d %q", code, stderr)
	}
}

// TestRunInterrupt runs the real binary and sends it SIGINT, as Ctrl-C
// does: it must stop, remove its containers and exit 130.
func TestRunInterrupt(t *testing.T) {
	bin := buildGantry(t)
	dir := gitRepo(t, "on: push\njobs:\n  slow:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sleep 300\n")
	cmd := exec.Command(bin, "run", "-C", dir, "--json", "--pull", "never")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), `"step.start"`) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	start := time.Now()
	_ = cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
		t.Fatalf("exit %d (%v), want 130\n%s", code, err, out.String())
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("stopping took %v", took)
	}
	if ids := containersOfRun(t, firstRunID(t, out.String())); ids != "" {
		t.Errorf("containers left after the interrupt: %q", ids)
	}
}

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestRunInputsVarsSecretsAndEnvFiles(t *testing.T) {
	dir := gitRepo(t, `on:
  workflow_dispatch:
    inputs:
      level:
        type: string
jobs:
  show:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "input=${{ inputs.level }} event-input=${{ github.event.inputs.level }} var=${{ vars.REGION }}"
          echo "env=$FROM_ENV_FILE flag-env=$FROM_FLAG"
          echo "file-secret=${{ secrets.FILE_SECRET }} env-secret=${{ secrets.ENV_SECRET }}"
`)
	files := t.TempDir()
	secretFile := writeFile(t, files, "secrets.env", "# comment\nFILE_SECRET=\"from the file\"\n")
	envFile := writeFile(t, files, "vars.env", "export FROM_ENV_FILE=yes\n")
	t.Setenv("ENV_SECRET", "from-the-environment")
	code, stdout, stderr := run(t, "run", "workflow_dispatch", "-C", dir, "--pull", "never",
		"--input", "level=debug", "--var", "REGION=eu", "--env-file", envFile, "--env", "FROM_FLAG=1",
		"--secret-file", secretFile, "-s", "ENV_SECRET")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, s := range []string{"input=debug event-input=debug var=eu", "env=yes flag-env=1", "file-secret=*** env-secret=***"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("output lacks %q:\n%s", s, stdout)
		}
	}
	if strings.Contains(stdout, "from the file") || strings.Contains(stdout, "from-the-environment") {
		t.Error("a secret reached the output")
	}
}

func TestRunSaysWhyWorkflowsDidNotRun(t *testing.T) {
	dir := gitRepo(t, "on:\n  push:\n    branches: [release]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: 'true'}]\n")
	code, stdout, stderr := run(t, "run", "-C", dir, "-v")
	if code != ExitOK || !strings.Contains(stdout, "no workflow is triggered") {
		t.Errorf("exit %d stdout:\n%s", code, stdout)
	}
	if !strings.Contains(stderr, `branch \"main\" matches none of branches [release]`) {
		t.Errorf("-v should say why; stderr:\n%s", stderr)
	}
}

// buildGantry builds the binary for the tests that signal a real process.
func buildGantry(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gantry")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func containersOfRun(t *testing.T, runID string) string {
	t.Helper()
	ps, err := exec.Command("docker", "ps", "-aq", "--filter", "label=gantry.run="+runID).Output()
	if err != nil {
		t.Fatalf("docker ps: %v", err)
	}
	return strings.TrimSpace(string(ps))
}

func firstRunID(t *testing.T, out string) string {
	t.Helper()
	var first struct {
		RunID int64 `json:"run_id"`
	}
	line, _, _ := strings.Cut(out, "\n")
	if err := json.Unmarshal([]byte(line), &first); err != nil || first.RunID == 0 {
		t.Fatalf("first line %q: %v", line, err)
	}
	return jsonNumber(first.RunID)
}

// TestRunKilledIsReapedByTheNextRun kills the real binary with SIGKILL
// mid-step, which leaves its container behind; the next gantry run on the
// machine removes it and says so.
func TestRunKilledIsReapedByTheNextRun(t *testing.T) {
	bin := buildGantry(t)
	dir := gitRepo(t, "on: push\njobs:\n  slow:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sleep 300\n")
	cmd := exec.Command(bin, "run", "-C", dir, "--json", "--pull", "never")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, func() bool { return strings.Contains(out.String(), `"step.start"`) }, "the step to start", &out)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	runID := firstRunID(t, out.String())
	if containersOfRun(t, runID) == "" {
		t.Fatal("a SIGKILLed run left no container: the test shows nothing")
	}
	quick := gitRepo(t, "on: push\njobs:\n  quick:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n")
	next := exec.Command(bin, "run", "-C", quick, "--pull", "never")
	got, err := next.CombinedOutput()
	if err != nil {
		t.Fatalf("next run: %v\n%s", err, got)
	}
	if !strings.Contains(string(got), "removed 1 container(s) left by gantry runs that ended without cleaning up: gantry-"+runID+"-slow") {
		t.Errorf("the next run did not say it reaped the container:\n%s", got)
	}
	if ids := containersOfRun(t, runID); ids != "" {
		t.Errorf("the killed run's container is still there: %s", ids)
	}
}

// TestRunIntoClosedPipe is `gantry run | head`: when the reader goes away
// mid-step, the run is cancelled and its container removed, and gantry
// exits at once.
func TestRunIntoClosedPipe(t *testing.T) {
	bin := buildGantry(t)
	dir := gitRepo(t, "on: push\njobs:\n  chatty:\n    runs-on: ubuntu-latest\n    steps:\n"+
		"      - run: for i in $(seq 1 600); do echo line $i; sleep 0.1; done\n")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", `"$0" run -C "$1" --json --pull never | awk '{print} /"step.start"/{exit}'`, bin, dir)
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("gantry kept running after its reader went away")
	}
	if err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	runID := firstRunID(t, string(out))
	if ids := containersOfRun(t, runID); ids != "" {
		t.Errorf("containers left after the pipe closed: %s", ids)
	}
}
