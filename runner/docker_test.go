package runner

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gantry-ci/gantry/executor/docker"
	"github.com/gantry-ci/gantry/workflow"
)

// These tests run workflows on the real Docker engine with the local job
// image (make test provisions both). They fail, never skip, without one.

func dockerEngine(t *testing.T) *docker.Engine {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e, err := docker.New(ctx)
	if err != nil {
		t.Fatalf("the end-to-end tests need a Docker engine (make test provisions one): %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// runDocker runs one workflow on the engine and checks that nothing of the
// run is left behind: no container with its label, no temp directory.
func runDocker(ctx context.Context, t *testing.T, src string) (*Result, *recorder) {
	t.Helper()
	e := dockerEngine(t)
	w, errs := workflow.Parse("w.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	rec := &recorder{}
	tmp := t.TempDir()
	runID := time.Now().UnixNano() % 1_000_000_000
	cfg := Config{Workflows: []*workflow.Workflow{w}, Event: testEvent(), MaxJobs: 4, RunID: runID, RunNumber: 1,
		Platforms: DefaultPlatforms(), TempDir: tmp, Output: rec,
		Secrets: map[string]string{"GITHUB_TOKEN": "ghs_token", "PASSWORD": "hunter2-secret"}}
	res, err := Run(ctx, cfg, docker.NewBackend(e, docker.PullNever))
	if err != nil {
		t.Fatal(err)
	}
	left, err := e.RemoveLabeled(context.Background(), "gantry.run="+strconv.FormatInt(runID, 10))
	if err != nil || left != 0 {
		t.Errorf("%d containers left behind (%v)", left, err)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temp files left behind: %v", entries)
	}
	return res, rec
}

func TestDockerStepsOutputsEnvAndMasking(t *testing.T) {
	res, rec := runDocker(context.Background(), t, `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      v: ${{ steps.a.outputs.v }}
    steps:
      - id: a
        run: |
          echo "v=42" >> "$GITHUB_OUTPUT"
          echo "GREETING=hi" >> "$GITHUB_ENV"
          mkdir -p /opt/mybin && printf '#!/bin/sh\necho tool-ran\n' > /opt/mybin/mytool && chmod +x /opt/mybin/mytool
          echo /opt/mybin >> "$GITHUB_PATH"
          echo "password ${{ secrets.PASSWORD }}"
          echo "::add-mask::masked-at-runtime"
          echo "value masked-at-runtime"
      - run: |
          echo "greeting=$GREETING"
          mytool
          docker version --format 'engine {{.Server.Version}}'
          echo "ws=$GITHUB_WORKSPACE pwd=$PWD"
  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: echo "got ${{ needs.build.outputs.v }}"
`)
	wantStatuses(t, res, map[string]Status{"build": StatusSuccess, "test": StatusSuccess}, rec.log())
	log := rec.log()
	for _, s := range []string{"greeting=hi", "tool-ran", "engine ", "got 42", "password ***", "value ***",
		"ws=/home/runner/work/app/app pwd=/home/runner/work/app/app"} {
		if !strings.Contains(log, s) {
			t.Errorf("log lacks %q:\n%s", s, log)
		}
	}
	for _, leak := range []string{"hunter2-secret", "masked-at-runtime"} {
		if strings.Contains(log, leak) {
			t.Errorf("log shows %q", leak)
		}
	}
}

func TestDockerFailureConditionsAndTimeout(t *testing.T) {
	res, rec := runDocker(context.Background(), t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: soft
        continue-on-error: true
        run: exit 3
      - run: echo "soft=${{ steps.soft.outcome }}"
      - timeout-minutes: 0.02
        run: sleep 60
      - if: failure()
        run: echo "cleanup after the timeout"
`)
	wantStatuses(t, res, map[string]Status{"a": StatusFailure}, rec.log())
	for _, s := range []string{"soft=failure", "longer than its timeout-minutes", "cleanup after the timeout"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}

func TestDockerFailFast(t *testing.T) {
	res, rec := runDocker(context.Background(), t, `on: push
jobs:
  t:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: [1, 2]
    steps:
      - run: |
          if [ "${{ matrix.n }}" = 1 ]; then sleep 1; exit 1; fi
          sleep 60
`)
	wantStatuses(t, res, map[string]Status{"t (1)": StatusFailure, "t (2)": StatusCancelled}, rec.log())
}

func TestDockerInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(3*time.Second, cancel)
	start := time.Now()
	res, rec := runDocker(ctx, t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: sleep 120 & sleep 120
`)
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("interrupt took %v", took)
	}
	if !res.Cancelled || statuses(res)["a"] != StatusCancelled {
		t.Errorf("cancelled=%v statuses=%v\n%s", res.Cancelled, statuses(res), rec.log())
	}
}
