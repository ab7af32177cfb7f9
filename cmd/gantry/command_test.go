package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// run runs the CLI in process and returns its exit code and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := &Command{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	code = c.Main(args)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const seed1 = "../../testdata/seeds/1-npm-docker-pkg.yml"

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".github/workflows/ok.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n")
	bad := writeFile(t, dir, "bad/bad.yml", "on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ github. }}\n        uses: x\n")
	tests := []struct {
		what     string
		args     []string
		code     int
		inStdout string
		inStderr []string
	}{
		{"default directory", []string{"validate", "-C", dir}, ExitOK, "ok.yml: ok (1 jobs)", nil},
		{"all errors of a file", []string{"validate", "-W", bad}, ExitFailure, "", []string{
			bad + ":3:3: job a has no \"runs-on\"",
			bad + ":5:9: step 1 has both \"uses\" and \"run\"",
			bad + ":5:30: expression \"echo ${{ github. }}\": col 17: unexpected end of expression",
		}},
		{"missing path", []string{"validate", "-W", filepath.Join(dir, "nope")}, ExitFailure, "", []string{"no such file or directory"}},
		{"unexpected argument", []string{"validate", "x"}, ExitUsage, "", []string{"unexpected argument"}},
		{"unknown flag", []string{"validate", "--nope"}, ExitUsage, "", []string{"flag provided but not defined: -nope", "usage: gantry validate"}},
		{"help", []string{"validate", "--help"}, ExitOK, "usage: gantry validate", nil},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.inStdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.inStdout, stdout)
			}
			for _, s := range tt.inStderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
		})
	}
}

// TestValidateSeeds: the example workflows of GitHub's guides validate
// clean, every action they use included.
func TestValidateSeeds(t *testing.T) {
	code, stdout, stderr := run(t, "validate", "-W", "../../testdata/seeds")
	if code != ExitOK || strings.Count(stdout, ": ok (") != 5 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}

func TestValidateUses(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".github/actions/ok/action.yml", "runs:\n  using: composite\n  steps: []\n")
	wf := writeFile(t, dir, "w.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ACTIONS/Setup-Node@main\n      - uses: ./.github/actions/ok\n      - uses: ./.github/actions/missing\n      - uses: docker://alpine:3\n      - uses: someone/else@v1\n")
	code, _, stderr := run(t, "validate", "-C", dir, "-W", "w.yml")
	if code != ExitFailure {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		wf + ":9:15: local action ./.github/actions/missing has no action.yml",
		wf + ":10:15: docker://alpine:3: gantry does not run docker:// actions yet",
		wf + ":11:15: someone/else@v1 is not built into gantry, which downloads nothing from GitHub; built in: actions/attest-build-provenance, actions/checkout, actions/download-artifact, actions/setup-node, actions/upload-artifact, docker/build-push-action, docker/login-action, docker/metadata-action",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if n := strings.Count(strings.TrimSpace(stderr), "\n") + 1; n != 3 {
		t.Errorf("%d problems, want 3:\n%s", n, stderr)
	}
}

func TestValidateJSON(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.yml", "on: pushh\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n")
	code, stdout, _ := run(t, "validate", "--json", "-W", bad)
	if code != ExitFailure {
		t.Fatalf("exit %d", code)
	}
	var errs []struct {
		File string `json:"file"`
		Pos  struct{ Line, Col int }
		Msg  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(stdout), &errs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if len(errs) != 1 || errs[0].File != bad || errs[0].Pos.Line != 1 || errs[0].Pos.Col != 5 {
		t.Errorf("errors = %+v", errs)
	}
}

func TestListJSON(t *testing.T) {
	code, stdout, stderr := run(t, "list", "push", "--json", "-W", seed1)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []listRow
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
	}
	want := []string{"run-npm-build", "run-npm-test (ubuntu-latest, 12.x)", "run-npm-test (ubuntu-latest, 14.x)", "build-and-push-image"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("leg names (-want +got):\n%s", diff)
	}
	if rows[1].Matrix["node-version"] != "12.x" || rows[1].Needs[0] != "run-npm-build" || rows[1].Events[0] != "push" || rows[1].Workflow != seed1 {
		t.Errorf("row = %+v", rows[1])
	}
}

func TestListFiltersByEvent(t *testing.T) {
	code, stdout, _ := run(t, "list", "pull_request", "--json", "-W", seed1)
	if code != ExitOK || strings.TrimSpace(stdout) != "[]" {
		t.Errorf("exit %d, stdout %q: a push-only workflow has no jobs for pull_request", code, stdout)
	}
	code, stdout, _ = run(t, "list", "-W", seed1)
	if code != ExitOK || !strings.Contains(stdout, "run-npm-test (ubuntu-latest, 14.x)") || !strings.Contains(stdout, "WORKFLOW") {
		t.Errorf("exit %d, table:\n%s", code, stdout)
	}
}

func TestGraph(t *testing.T) {
	tests := []struct {
		format string
		want   []string
	}{
		{"text", []string{"run-npm-build\n", "run-npm-test <- run-npm-build\n", "build-and-push-image <- run-npm-test\n"}},
		{"dot", []string{"digraph gantry {", `"0/run-npm-build" -> "0/run-npm-test";`}},
		{"mermaid", []string{"flowchart LR", "w0_run_h_npm_h_build --> w0_run_h_npm_h_test", `w0_run_h_npm_h_test["run-npm-test"]`}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			code, stdout, stderr := run(t, "graph", "--format", tt.format, "-W", seed1)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, s := range tt.want {
				if !strings.Contains(stdout, s) {
					t.Errorf("output lacks %q:\n%s", s, stdout)
				}
			}
		})
	}
	if code, _, stderr := run(t, "graph", "--format", "svg", "-W", seed1); code != ExitUsage || !strings.Contains(stderr, "unknown format") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestEval(t *testing.T) {
	dir := t.TempDir()
	ctx := writeFile(t, dir, "ctx.json", `{"github": {"ref": "refs/heads/main", "event_name": "push"}, "matrix": {"node-version": "14.x"}}`)
	tests := []struct {
		what   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"and/or returns an operand", []string{"github.ref == 'refs/heads/main' && 'prod' || 'dev'"}, ExitOK, "\"prod\"\n", ""},
		{"hyphenated names", []string{"matrix.node-version"}, ExitOK, "\"14.x\"\n", ""},
		{"object", []string{"github"}, ExitOK, "{\n  \"event_name\": \"push\",\n  \"ref\": \"refs/heads/main\"\n}\n", ""},
		{"wrapped in braces", []string{"${{ 1 == 1.0 }}"}, ExitOK, "true\n", ""},
		{"status flag", []string{"--status", "failure", "failure()"}, ExitOK, "true\n", ""},
		{"syntax error", []string{"github.ref =="}, ExitFailure, "", "gantry eval: "},
		{"unknown context", []string{"nope.x"}, ExitFailure, "", "nope"},
		{"no expression", []string{}, ExitUsage, "", "want exactly one EXPRESSION"},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			code, stdout, stderr := run(t, append([]string{"eval", "--context", ctx}, tt.args...)...)
			if code != tt.code || stdout != tt.stdout || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d stdout %q stderr %q; want %d %q %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			if tt.code == ExitFailure && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("want a one-line error, got %q", stderr)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	if code, _, stderr := run(t); code != ExitUsage || !strings.Contains(stderr, "usage: gantry COMMAND") {
		t.Errorf("no args: exit %d %q", code, stderr)
	}
	if code, _, stderr := run(t, "frobnicate"); code != ExitUsage || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d %q", code, stderr)
	}
	if code, stdout, _ := run(t, "--help"); code != ExitOK || !strings.Contains(stdout, "validate") {
		t.Errorf("--help: exit %d %q", code, stdout)
	}
}
