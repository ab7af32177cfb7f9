package runner

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gantry-ci/gantry/executor/host"
	"github.com/gantry-ci/gantry/runner/event"
	"github.com/gantry-ci/gantry/workflow"
)

// recorder keeps every reported event.
type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) Report(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// log is every log line and message, for assertions on what a user sees.
func (r *recorder) log() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, e := range r.events {
		if l := textLine(e); l != "" {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

func testEvent() *event.Event {
	return &event.Event{Name: "push", Ref: "refs/heads/main", RefName: "main", RefType: "branch",
		SHA: "0123456789abcdef0123456789abcdef01234567", Repository: "octo/app", Owner: "octo", Actor: "mona",
		Payload: map[string]any{"ref": "refs/heads/main"}}
}

// runYAML runs one workflow on the host backend.
func runYAML(t *testing.T, src string, mutate ...func(*Config)) (*Result, *recorder) {
	t.Helper()
	return runYAMLContext(context.Background(), t, src, mutate...)
}

func runYAMLContext(ctx context.Context, t *testing.T, src string, mutate ...func(*Config)) (*Result, *recorder) {
	t.Helper()
	w, errs := workflow.Parse("w.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	rec := &recorder{}
	cfg := Config{Workflows: []*workflow.Workflow{w}, Event: testEvent(), MaxJobs: 4, RunID: 42, RunNumber: 1,
		Platforms: DefaultPlatforms(), TempDir: t.TempDir(), Output: rec,
		Secrets: map[string]string{"GITHUB_TOKEN": "ghs_token", "PASSWORD": "hunter2-secret"}}
	for _, m := range mutate {
		m(&cfg)
	}
	b := &host.Backend{}
	res, err := Run(ctx, cfg, b)
	if err != nil {
		t.Fatal(err)
	}
	if n := b.Live(); n != 0 {
		t.Errorf("%d leg(s) set up and never destroyed", n)
	}
	return res, rec
}

func statuses(res *Result) map[string]Status {
	out := map[string]Status{}
	for _, j := range res.Jobs {
		out[j.Name] = j.Status
	}
	return out
}

func wantStatuses(t *testing.T, res *Result, want map[string]Status, log string) {
	t.Helper()
	got := statuses(res)
	for name, st := range want {
		if got[name] != st {
			t.Errorf("job %q: %s, want %s\nlog:\n%s", name, got[name], st, log)
		}
	}
	if len(got) != len(want) {
		t.Errorf("jobs %v, want %v", got, want)
	}
}

func TestOutputsBetweenStepsAndJobs(t *testing.T) {
	res, rec := runYAML(t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      greeting: ${{ steps.set.outputs.greeting }}
      multi: ${{ steps.set.outputs.multi }}
    steps:
      - id: set
        run: |
          echo "greeting=hello" >> "$GITHUB_OUTPUT"
          { echo "multi<<EOF"; echo "line 1"; echo "line 2"; echo "EOF"; } >> "$GITHUB_OUTPUT"
      - run: test "${{ steps.set.outputs.greeting }}" = hello && echo "same-job=${{ steps.set.outputs.greeting }}"
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "from a: ${{ needs.a.outputs.greeting }} (${{ needs.a.result }})"
          test "${{ needs.a.outputs.multi }}" = "line 1
          line 2"
`)
	wantStatuses(t, res, map[string]Status{"a": StatusSuccess, "b": StatusSuccess}, rec.log())
	for _, s := range []string{"same-job=hello", "from a: hello (success)"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}

func TestEnvAndPathFiles(t *testing.T) {
	res, rec := runYAML(t, `on: push
env:
  LEVEL: workflow
  KEEP: workflow
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      LEVEL: job
    steps:
      - run: |
          echo "FROM_STEP=one" >> "$GITHUB_ENV"
          { echo "HEREDOC<<END"; echo "x"; echo "y"; echo "END"; } >> "$GITHUB_ENV"
          mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\necho tool-ran\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
      - env:
          LEVEL: step
        run: |
          echo "level=$LEVEL keep=$KEEP from-step=$FROM_STEP ctx=${{ env.FROM_STEP }}"
          test "$HEREDOC" = "x
          y"
          mytool
`)
	wantStatuses(t, res, map[string]Status{"a": StatusSuccess}, rec.log())
	for _, s := range []string{"level=step keep=workflow from-step=one ctx=one", "tool-ran"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}

func TestSecretsAreMasked(t *testing.T) {
	res, rec := runYAML(t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - name: uses ${{ secrets.PASSWORD }}
        run: |
          echo "password is ${{ secrets.PASSWORD }}"
          echo "token is $TOKEN"
          echo "::add-mask::dynamic-value-42"
          echo "later: dynamic-value-42"
          echo "::error file=app.js,line=3::bad thing"
          echo "### Result: ${{ secrets.PASSWORD }}" >> "$GITHUB_STEP_SUMMARY"
        env:
          TOKEN: ${{ secrets.GITHUB_TOKEN }}
`)
	wantStatuses(t, res, map[string]Status{"a": StatusSuccess}, rec.log())
	log := rec.log()
	for _, leak := range []string{"hunter2-secret", "ghs_token", "dynamic-value-42"} {
		if strings.Contains(log, leak) {
			t.Errorf("log shows %q:\n%s", leak, log)
		}
	}
	for _, s := range []string{"password is ***", "token is ***", "later: ***", "⭐ uses ***", "error: bad thing (app.js:3)", "▌ ### Result: ***"} {
		if !strings.Contains(log, s) {
			t.Errorf("log lacks %q:\n%s", s, log)
		}
	}
}

func TestConditionsAndContinueOnError(t *testing.T) {
	res, rec := runYAML(t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: soft
        continue-on-error: true
        run: exit 3
      - run: echo "after soft failure ${{ steps.soft.outcome }}/${{ steps.soft.conclusion }}"
      - if: github.ref == 'refs/heads/other'
        run: echo should-not-run
      - run: exit 1
      - run: echo should-not-run-after-failure
      - if: failure()
        run: echo "cleanup-on-failure"
      - if: always()
        run: echo "always-ran"
`)
	wantStatuses(t, res, map[string]Status{"a": StatusFailure}, rec.log())
	log := rec.log()
	for _, s := range []string{"after soft failure failure/success", "cleanup-on-failure", "always-ran", "Process completed with exit code 1."} {
		if !strings.Contains(log, s) {
			t.Errorf("log lacks %q:\n%s", s, log)
		}
	}
	if strings.Contains(log, "| should-not-run") {
		t.Errorf("a skipped step ran:\n%s", log)
	}
	if res.Jobs[0].FailedStep != "Run exit 1" {
		t.Errorf("failed step = %q", res.Jobs[0].FailedStep)
	}
}

func TestNeedsFailureSkipsUnlessAlways(t *testing.T) {
	res, rec := runYAML(t, `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps: [{run: exit 1}]
  test:
    needs: build
    runs-on: ubuntu-latest
    steps: [{run: echo never}]
  report:
    needs: [build, test]
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "build=${{ needs.build.result }} test=${{ needs.test.result }}"
  on-failure:
    needs: build
    if: failure()
    runs-on: ubuntu-latest
    steps: [{run: echo handled}]
`)
	wantStatuses(t, res, map[string]Status{"build": StatusFailure, "test": StatusSkipped, "report": StatusSuccess, "on-failure": StatusSuccess}, rec.log())
	if !strings.Contains(rec.log(), "build=failure test=skipped") {
		t.Errorf("log:\n%s", rec.log())
	}
}

func TestJobsStartWhenTheirOwnNeedsAreDone(t *testing.T) {
	// slow → after-slow; fast → after-fast. after-fast must not wait for
	// slow, as it would with level-by-level stages.
	res, rec := runYAML(t, `on: push
jobs:
  slow:
    runs-on: ubuntu-latest
    steps: [{run: sleep 1}]
  fast:
    runs-on: ubuntu-latest
    steps: [{run: "true"}]
  after-fast:
    needs: fast
    runs-on: ubuntu-latest
    steps: [{run: "true"}]
  after-slow:
    needs: slow
    runs-on: ubuntu-latest
    steps: [{run: "true"}]
`)
	wantStatuses(t, res, map[string]Status{"slow": StatusSuccess, "fast": StatusSuccess, "after-fast": StatusSuccess, "after-slow": StatusSuccess}, rec.log())
	var afterFastEnd, slowEnd time.Time
	for _, e := range rec.events {
		if e.Type == JobEnd && e.Leg == "after-fast" {
			afterFastEnd = e.Time
		}
		if e.Type == JobEnd && e.Leg == "slow" {
			slowEnd = e.Time
		}
	}
	if !afterFastEnd.Before(slowEnd) {
		t.Errorf("after-fast ended at %v, after slow (%v): jobs waited for a stage", afterFastEnd, slowEnd)
	}
}

func TestFailFast(t *testing.T) {
	src := `on: push
jobs:
  t:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: %s
      matrix:
        n: [1, 2]
    steps:
      - run: |
          if [ "${{ matrix.n }}" = 1 ]; then exit 1; fi
          sleep 3
          echo leg-2-finished
`
	res, rec := runYAML(t, strings.Replace(src, "%s", "true", 1))
	wantStatuses(t, res, map[string]Status{"t (1)": StatusFailure, "t (2)": StatusCancelled}, rec.log())
	res, rec = runYAML(t, strings.Replace(src, "%s", "false", 1))
	wantStatuses(t, res, map[string]Status{"t (1)": StatusFailure, "t (2)": StatusSuccess}, rec.log())
	if !strings.Contains(rec.log(), "leg-2-finished") {
		t.Errorf("with fail-fast false the other leg must finish:\n%s", rec.log())
	}
}

func TestStepTimeout(t *testing.T) {
	res, rec := runYAML(t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - timeout-minutes: 0.01
        run: sleep 30
`)
	wantStatuses(t, res, map[string]Status{"a": StatusFailure}, rec.log())
	if !strings.Contains(rec.log(), "longer than its timeout-minutes") {
		t.Errorf("log:\n%s", rec.log())
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	res, rec := runYAMLContext(ctx, t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps: [{run: sleep 30}]
  b:
    needs: a
    runs-on: ubuntu-latest
    steps: [{run: echo never}]
`)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("cancel took %v", took)
	}
	if !res.Cancelled || statuses(res)["a"] != StatusCancelled {
		t.Errorf("cancelled=%v statuses=%v\n%s", res.Cancelled, statuses(res), rec.log())
	}
}

func TestShells(t *testing.T) {
	res, rec := runYAML(t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - name: default shell has no pipefail
        run: false | true
      - name: explicit bash has pipefail
        id: pf
        shell: bash
        continue-on-error: true
        run: false | true
      - run: echo "pipefail-outcome=${{ steps.pf.outcome }}"
      - shell: python
        run: print("from python", 6 * 7)
      - shell: sh
        working-directory: sub
        run: echo "in $(basename "$PWD")"
`)
	wantStatuses(t, res, map[string]Status{"a": StatusSuccess}, rec.log())
	for _, s := range []string{"pipefail-outcome=failure", "from python 42", "in sub"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}

func TestMatrixFromNeedsOutput(t *testing.T) {
	res, rec := runYAML(t, `on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs:
      versions: ${{ steps.v.outputs.list }}
    steps:
      - id: v
        run: echo 'list=["12.x", "14.x"]' >> "$GITHUB_OUTPUT"
  test:
    needs: setup
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: ${{ fromJSON(needs.setup.outputs.versions) }}
    steps:
      - run: echo "node=${{ matrix.node }} index=${{ strategy.job-index }}/${{ strategy.job-total }}"
`)
	wantStatuses(t, res, map[string]Status{"setup": StatusSuccess, "test (12.x)": StatusSuccess, "test (14.x)": StatusSuccess}, rec.log())
	for _, s := range []string{"node=12.x index=0/2", "node=14.x index=1/2"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}

func TestGithubContextAndEnv(t *testing.T) {
	res, rec := runYAML(t, `on: push
jobs:
  ctx:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "ref=$GITHUB_REF sha=$GITHUB_SHA repo=$GITHUB_REPOSITORY actor=$GITHUB_ACTOR job=$GITHUB_JOB ci=$CI action=$GITHUB_ACTION"
          echo "ctx=${{ github.ref_name }}/${{ github.repository_owner }}/${{ github.event.ref }}/${{ runner.os }}"
          test -f "$GITHUB_EVENT_PATH" && test -d "$GITHUB_WORKSPACE" && test "$PWD" = "$GITHUB_WORKSPACE"
`)
	wantStatuses(t, res, map[string]Status{"ctx": StatusSuccess}, rec.log())
	for _, s := range []string{"ref=refs/heads/main sha=0123456789abcdef0123456789abcdef01234567 repo=octo/app actor=mona job=ctx ci=true action=__run",
		"ctx=main/octo/refs/heads/main/Linux"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}

func TestWorkflowNotTriggered(t *testing.T) {
	res, rec := runYAML(t, "on:\n  push:\n    branches: [release]\njobs:\n  a:\n    runs-on: x\n    steps: [{run: 'true'}]\n")
	if len(res.Jobs) != 0 || !strings.Contains(rec.log(), "no workflow is triggered") {
		t.Errorf("jobs %v\n%s", res.Jobs, rec.log())
	}
}

func TestUnknownLabel(t *testing.T) {
	res, rec := runYAML(t, "on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps: [{run: 'true'}]\n")
	wantStatuses(t, res, map[string]Status{"a": StatusFailure}, rec.log())
	if !strings.Contains(rec.log(), "no image for runs-on windows-latest; map one with -P windows-latest=IMAGE") {
		t.Errorf("log:\n%s", rec.log())
	}
}

func TestJobContinueOnError(t *testing.T) {
	res, rec := runYAML(t, `on: push
jobs:
  t:
    runs-on: ubuntu-latest
    continue-on-error: ${{ matrix.experimental }}
    strategy:
      matrix:
        v: [stable, next]
        include:
          - v: next
            experimental: true
          - v: stable
            experimental: false
    steps:
      - run: |
          if [ "${{ matrix.v }}" = next ]; then exit 1; fi
          sleep 1
          echo stable-finished
  after:
    needs: t
    runs-on: ubuntu-latest
    steps:
      - run: echo "t=${{ needs.t.result }}"
`)
	wantStatuses(t, res, map[string]Status{"t (stable)": StatusSuccess, "t (next)": StatusFailure, "after": StatusSuccess}, rec.log())
	if res.Failed() {
		t.Error("a failure allowed by continue-on-error failed the run")
	}
	for _, s := range []string{"stable-finished", "t=success"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}

func TestDispatchInputsDefaultsAndTypes(t *testing.T) {
	res, rec := runYAML(t, `on:
  workflow_dispatch:
    inputs:
      dry:
        type: boolean
        default: true
      count:
        type: number
        default: 2
      name:
        default: world
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "dry=${{ inputs.dry == true }} count=${{ inputs.count == '3.0' }} name=${{ inputs.name }}"
`, func(c *Config) {
		c.Event.Name = "workflow_dispatch"
		c.Inputs = map[string]string{"count": "3"}
	})
	wantStatuses(t, res, map[string]Status{"a": StatusSuccess}, rec.log())
	if !strings.Contains(rec.log(), "dry=true count=true name=world") {
		t.Errorf("log:\n%s", rec.log())
	}
}

func TestGithubTokenAlwaysExists(t *testing.T) {
	res, rec := runYAML(t, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: test -n \"${{ secrets.GITHUB_TOKEN }}\" && echo \"token=${{ github.token }}\"\n",
		func(c *Config) { c.Secrets = nil })
	wantStatuses(t, res, map[string]Status{"a": StatusSuccess}, rec.log())
	if !strings.Contains(rec.log(), "token=***") {
		t.Errorf("the placeholder token is missing or not masked:\n%s", rec.log())
	}
}
