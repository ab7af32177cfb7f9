package workflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// errorLines runs Parse and returns its errors as "line:col: message [kind]"
// without the file name, which every case shares.
func errorLines(t *testing.T, src string) []string {
	t.Helper()
	_, errs := Parse("w.yml", []byte(src))
	out := []string{}
	for _, e := range errs {
		out = append(out, strings.TrimPrefix(e.Error(), "w.yml:"))
	}
	return out
}

const okJob = `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		what string
		src  string
		want []string
	}{
		{"valid", okJob, []string{}},
		{"empty file", "", []string{`1:1: the file is empty; a workflow needs "on" and "jobs" [syntax]`}},
		{"yaml syntax", "on: push\njobs: [\n", []string{"2:1: invalid YAML: did not find expected node content [syntax]"}},
		{"not a mapping", "- a\n", []string{`1:1: the workflow must be a mapping, not a sequence [type]`}},
		{"unknown top-level key", "on: push\nfoo: 1\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`2:1: unexpected key "foo" in the workflow; expected one of name, run-name, on, env, defaults, permissions, concurrency, jobs [key]`}},
		{"missing on and jobs", "name: x\n", []string{
			`1:1: the workflow has no "on" section; say which events trigger it [key]`,
			`1:1: the workflow has no "jobs" section [key]`}},
		{"unknown event", "on: [push, pushh]\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`1:12: unknown event "pushh" [value]`}},
		{"missing runs-on", "on: push\njobs:\n  build:\n    steps:\n      - run: a\n",
			[]string{`3:3: job build has no "runs-on"; say which runner label it needs [key]`}},
		{"job without steps", "on: push\njobs:\n  build:\n    runs-on: x\n",
			[]string{`3:3: job build has no steps [key]`}},
		{"empty steps", "on: push\njobs:\n  build:\n    runs-on: x\n    steps: []\n",
			[]string{`3:3: job build has no steps [key]`}},
		{"step with uses and run", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        run: echo\n",
			[]string{`6:9: step 1 has both "uses" and "run"; a step does one or the other [key]`}},
		{"step with neither", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - name: nothing\n",
			[]string{`6:9: step 1 has neither "uses" nor "run" [key]`}},
		{"duplicate step ids", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: s\n        run: a\n      - id: s\n        run: b\n",
			[]string{`8:13: step id "s" is used twice in this job [value]`}},
		{"invalid step id", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: 1st\n        run: a\n",
			[]string{`6:13: invalid step id "1st": it must start with a letter or _ and contain only letters, digits, - and _ [value]`}},
		{"invalid job id", "on: push\njobs:\n  1job:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`3:3: invalid job id "1job": it must start with a letter or _ and contain only letters, digits, - and _ [value]`}},
		{"job id with a dot", "on: push\njobs:\n  a.b:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`3:3: invalid job id "a.b": it must start with a letter or _ and contain only letters, digits, - and _ [value]`}},
		{"unknown job key", "on: push\njobs:\n  a:\n    runs-on: x\n    step: []\n    steps: [{run: a}]\n",
			[]string{`5:5: unexpected key "step" in job a; expected one of name, runs-on, needs, if, env, defaults, outputs, permissions, environment, strategy, container, services, timeout-minutes, continue-on-error, concurrency, steps [key]`}},
		{"unknown step key", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: a\n        wiht: {}\n",
			[]string{`7:9: unexpected key "wiht" in step 1; expected one of id, name, uses, run, with, env, if, shell, working-directory, continue-on-error, timeout-minutes [key]`}},
		{"wrong type for steps", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: echo\n",
			[]string{`3:3: job a has no steps [key]`, `5:12: steps must be a sequence, not "echo" [type]`}},
		{"matrix with nothing in it", "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix: {}\n    steps: [{run: a}]\n",
			[]string{`6:15: matrix must define at least one vector [matrix]`}},
		{"wrong type for env", "on: push\nenv: [a]\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`2:6: env must be a mapping, not a sequence [type]`}},
		{"env value must be a string", "on: push\nenv:\n  A: {b: c}\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`3:6: env.A must be a string, not a mapping [type]`}},
		{"duplicate key", "on: push\njobs:\n  a:\n    runs-on: x\n    runs-on: y\n    steps: [{run: a}]\n",
			[]string{`5:5: key "runs-on" is defined twice in job a [key]`}},
		{"bad timeout", "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n    steps: [{run: a}]\n",
			[]string{`5:22: timeout-minutes must be a non-negative number or an expression, not "soon" [type]`}},
		{"bad continue-on-error", "on: push\njobs:\n  a:\n    runs-on: x\n    continue-on-error: maybe\n    steps: [{run: a}]\n",
			[]string{`5:24: continue-on-error must be true, false or an expression, not "maybe" [type]`}},
		{"bad cron", "on:\n  schedule:\n    - cron: '61 * * * *'\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`3:13: invalid cron "61 * * * *": minute field "61": "61" is not a value from 0 to 59 [value]`}},
		{"cron with 4 fields", "on:\n  schedule:\n    - cron: '* * * *'\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`3:13: invalid cron "* * * *": want 5 fields (minute hour day-of-month month day-of-week), got 4 [value]`}},
		{"branches and branches-ignore", "on:\n  push:\n    branches: [main]\n    branches-ignore: [dev]\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`4:23: on.push cannot have both branches and branches-ignore; use branches with !patterns instead [key]`}},
		{"unknown pull_request type", "on:\n  pull_request:\n    types: [opend]\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`3:13: unknown activity type "opend" for pull_request; expected one of assigned, unassigned, labeled, unlabeled, opened, edited, closed, reopened, synchronize, converted_to_draft, ready_for_review, locked, unlocked, review_requested, review_request_removed, auto_merge_enabled, auto_merge_disabled, milestoned, demilestoned, enqueued, dequeued [value]`}},
		{"push takes no types", "on:\n  push:\n    types: [created]\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`3:5: unexpected key "types" in on.push; expected one of branches, branches-ignore, tags, tags-ignore, paths, paths-ignore [key]`}},
		{"bad permission", "on: push\npermissions:\n  contents: admin\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
			[]string{`3:13: permission contents must be read, write or none, not "admin" [value]`}},
		{"needs unknown job", "on: push\njobs:\n  a:\n    runs-on: x\n    needs: [b]\n    steps: [{run: a}]\n",
			[]string{`5:13: job a needs "b", which is not a job in this workflow (jobs: a) [needs]`}},
		{"needs cycle", "on: push\njobs:\n  a:\n    runs-on: x\n    needs: b\n    steps: [{run: a}]\n  b:\n    runs-on: x\n    needs: a\n    steps: [{run: a}]\n",
			[]string{`5:12: jobs depend on each other in a cycle: a -> b -> a [needs]`}},
		{"needs itself", "on: push\njobs:\n  a:\n    runs-on: x\n    needs: a\n    steps: [{run: a}]\n",
			[]string{`5:12: jobs depend on each other in a cycle: a -> a [needs]`}},
		{"reusable workflow", "on: push\njobs:\n  a:\n    uses: o/r/.github/workflows/x.yml@v1\n",
			[]string{`4:5: job a calls a reusable workflow (uses); gantry does not run reusable workflows yet [unsupported]`}},
		{"matrix too large", "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        x: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]\n        y: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]\n    steps: [{run: a}]\n",
			[]string{`7:9: job a: matrix produces 272 jobs, more than the 256 GitHub allows [matrix]`}},
		{"empty matrix axis", "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        x: []\n    steps: [{run: a}]\n",
			[]string{`7:12: matrix.x has no values [matrix]`}},
		{"matrix scalar that is no expression", "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix: oops\n    steps: [{run: a}]\n",
			[]string{`6:15: matrix must be a mapping or a ${{ }} expression, not "oops" [type]`}},
		{"container without image", "on: push\njobs:\n  a:\n    runs-on: x\n    container:\n      env: {A: b}\n    steps: [{run: a}]\n",
			[]string{`6:7: container needs an "image" [key]`}},
		{"several errors are all reported", "on: pushh\njobs:\n  a:\n    steps: [{name: x}]\n",
			[]string{`1:5: unknown event "pushh" [value]`, `3:3: job a has no "runs-on"; say which runner label it needs [key]`, `4:13: step 1 has neither "uses" nor "run" [key]`}},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, errorLines(t, tt.src)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseModel(t *testing.T) {
	src := `name: CI
on:
  push:
    branches: [main, 'releases/**']
    paths-ignore: ['docs/**']
  pull_request:
  workflow_dispatch:
    inputs:
      level:
        type: choice
        options: [a, b]
        default: a
env:
  A: 1
defaults:
  run:
    shell: bash
jobs:
  build:
    name: Build ${{ matrix.os }}
    runs-on: [self-hosted, linux]
    needs: [lint]
    if: github.event_name == 'push'
    outputs:
      tag: ${{ steps.meta.outputs.tag }}
    strategy:
      fail-fast: false
      max-parallel: 2
      matrix:
        os: [a, b]
        include:
          - os: a
            extra: yes
    steps:
      - id: meta
        run: echo tag=x >> "$GITHUB_OUTPUT"
        shell: sh
        working-directory: sub
        continue-on-error: true
        timeout-minutes: 3
  lint:
    runs-on:
      group: big
      labels: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
`
	w, errs := Parse("ci.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%v", errs)
	}
	if got := w.EventNames(); !cmp.Equal(got, []string{"push", "pull_request", "workflow_dispatch"}) {
		t.Errorf("events = %v", got)
	}
	push := w.On[0]
	if got := values(push.Branches); !cmp.Equal(got, []string{"main", "releases/**"}) {
		t.Errorf("branches = %v", got)
	}
	if push.Tags != nil || push.PathsIgnore == nil {
		t.Errorf("tags = %v, paths-ignore = %v: want nil and set", push.Tags, push.PathsIgnore)
	}
	if in := w.On[2].Inputs; len(in) != 1 || in[0].ID.Value != "level" || len(in[0].Options) != 2 {
		t.Errorf("inputs = %+v", in)
	}
	if w.Env[0].Key.Value != "A" || w.Env[0].Value.Value != "1" {
		t.Errorf("env = %+v", w.Env[0])
	}
	b := w.Job("build")
	if got := b.Labels(); !cmp.Equal(got, []string{"self-hosted", "linux"}) {
		t.Errorf("runs-on = %v", got)
	}
	if b.Strategy.FailFast.Value != "false" || b.Strategy.MaxParallel.Value != "2" {
		t.Errorf("strategy = %+v", b.Strategy)
	}
	s := b.Steps[0]
	if s.ID.Value != "meta" || s.Shell.Value != "sh" || s.WorkingDirectory.Value != "sub" || s.ContinueOnError.Value != "true" || s.TimeoutMinutes.Value != "3" {
		t.Errorf("step = %+v", s)
	}
	if s.Pos != (Pos{Line: 35, Col: 9}) {
		t.Errorf("step pos = %v", s.Pos)
	}
	l := w.Job("lint")
	if l.RunsOn.Group.Value != "big" || l.Labels()[0] != "ubuntu-latest" {
		t.Errorf("lint runs-on = %+v", l.RunsOn)
	}
	if l.Steps[0].With[0].Key.Value != "fetch-depth" || l.Steps[0].With[0].Value.Value != "0" {
		t.Errorf("with = %+v", l.Steps[0].With)
	}
}

// TestSeedsValidate checks that the example workflows of GitHub's guides,
// which gantry must run, validate clean.
func TestSeedsValidate(t *testing.T) {
	files, err := filepath.Glob("../testdata/seeds/*.yml")
	if err != nil || len(files) < 5 {
		t.Fatalf("seed workflows: %v (found %d)", err, len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, errs := Parse(f, src); len(errs) > 0 {
			t.Errorf("%s:\n%v", f, errs)
		}
	}
}

func TestAliasesExpand(t *testing.T) {
	src := "on: push\njobs:\n  a:\n    runs-on: x\n    env: &e\n      A: b\n    steps:\n      - run: a\n        env: *e\n"
	w, errs := Parse("w.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if env := w.Jobs[0].Steps[0].Env; len(env) != 1 || env[0].Value.Value != "b" {
		t.Errorf("step env = %+v", env)
	}
}

func TestBillionLaughsIsAnError(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for k := 0; k < 10; k++ {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	b.WriteString("on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        v: *a8\n    steps: [{run: a}]\n")
	_, errs := Parse("w.yml", []byte(b.String()))
	if !strings.Contains(errs.Error(), "expands to more than") {
		t.Fatalf("want an error for a document that expands to 10^9 nodes, got:\n%v", errs)
	}
}
