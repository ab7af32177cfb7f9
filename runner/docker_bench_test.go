package runner

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gantry-ci/gantry/executor/docker"
	"github.com/gantry-ci/gantry/workflow"
)

// The budgets of `gantry run` (issue 4): per step at most 50 ms over a raw
// `docker exec`, per job at most 300 ms over a raw `docker run --rm`. Each
// benchmark measures gantry and the raw CLI in the same loop and reports
// both and their difference.

func benchRun(b *testing.B, e *docker.Engine, src string) time.Duration {
	b.Helper()
	w, errs := workflow.Parse("bench.yml", []byte(src))
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	cfg := Config{Workflows: []*workflow.Workflow{w}, Event: testEvent(), MaxJobs: 2, RunID: 7,
		Platforms: DefaultPlatforms(), TempDir: b.TempDir(), Output: &recorder{}}
	start := time.Now()
	res, err := Run(context.Background(), cfg, docker.NewBackend(e, docker.PullNever))
	if err != nil || res.Failed() {
		b.Fatalf("run failed: %v %+v", err, res)
	}
	return time.Since(start)
}

func jobOfSteps(n int) string {
	return "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n" + strings.Repeat("      - run: \"true\"\n", n)
}

func timeCmd(b *testing.B, name string, args ...string) time.Duration {
	b.Helper()
	start := time.Now()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return time.Since(start)
}

func ms(d time.Duration, n int) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }

// BenchmarkStepOverhead: a job of 20 `true` steps less a job of 1, per
// step, against `docker exec <container> true`.
func BenchmarkStepOverhead(b *testing.B) {
	e := dockerBench(b)
	name := fmt.Sprintf("gantry-bench-%d", time.Now().UnixNano())
	timeCmd(b, "docker", "run", "-d", "--rm", "--name", name, "--network", "host", DefaultImage, "sleep", "3600")
	defer exec.Command("docker", "rm", "-f", name).Run()
	var gantry, raw time.Duration
	for b.Loop() {
		gantry += benchRun(b, e, jobOfSteps(20)) - benchRun(b, e, jobOfSteps(1))
		raw += timeCmd(b, "docker", "exec", name, "true")
	}
	n := b.N * 19
	b.ReportMetric(ms(gantry, n), "gantry-ms/step")
	b.ReportMetric(ms(raw, b.N), "raw-exec-ms")
	b.ReportMetric(ms(gantry, n)-ms(raw, b.N), "overhead-ms/step")
}

// BenchmarkJobOverhead: a chain of 4 one-step jobs, per job, against
// `docker run --rm <image> true`.
func BenchmarkJobOverhead(b *testing.B) {
	e := dockerBench(b)
	chain := "on: push\njobs:\n"
	for i := 0; i < 4; i++ {
		chain += fmt.Sprintf("  j%d:\n    runs-on: ubuntu-latest\n    steps: [{run: \"true\"}]\n", i)
		if i > 0 {
			chain += fmt.Sprintf("    needs: j%d\n", i-1)
		}
	}
	var gantry, raw time.Duration
	for b.Loop() {
		gantry += benchRun(b, e, chain)
		raw += timeCmd(b, "docker", "run", "--rm", "--network", "host", DefaultImage, "true")
	}
	b.ReportMetric(ms(gantry, b.N*4), "gantry-ms/job")
	b.ReportMetric(ms(raw, b.N), "raw-run-ms")
	b.ReportMetric(ms(gantry, b.N*4)-ms(raw, b.N), "overhead-ms/job")
}

func dockerBench(b *testing.B) *docker.Engine {
	b.Helper()
	e, err := docker.New(context.Background())
	if err != nil {
		b.Fatalf("benchmarks need a Docker engine: %v", err)
	}
	b.Cleanup(func() { e.Close() })
	return e
}
