package docker

import (
	"context"
	"os/exec"
	"testing"
	"time"
)

// The project's budgets: per step ≤ 50 ms over raw `docker exec`, per job
// ≤ 300 ms over raw `docker run --rm`. Compare BenchmarkExec with
// BenchmarkRawDockerExec and BenchmarkStartRemove with BenchmarkRawDockerRun.

func BenchmarkExec(b *testing.B) {
	e := testEngine(b)
	c := startJob(b, e, JobSpec{})
	ctx := context.Background()
	start := time.Now()
	defer reportMS(b, start)
	for b.Loop() {
		if code, err := c.Exec(ctx, ExecSpec{Cmd: []string{"true"}}); err != nil || code != 0 {
			b.Fatalf("Exec = %d, %v", code, err)
		}
	}
}

func BenchmarkRawDockerExec(b *testing.B) {
	e := testEngine(b)
	c := startJob(b, e, JobSpec{})
	docker := dockerCLI(b)
	start := time.Now()
	defer reportMS(b, start)
	for b.Loop() {
		if out, err := exec.Command(docker, "exec", c.ID(), "true").CombinedOutput(); err != nil {
			b.Fatalf("docker exec: %v: %s", err, out)
		}
	}
}

func BenchmarkStartRemove(b *testing.B) {
	e := testEngine(b)
	label := testLabel(b, e)
	ctx := context.Background()
	start := time.Now()
	defer reportMS(b, start)
	for b.Loop() {
		c, err := e.StartJob(ctx, JobSpec{Name: "gantry-bench-" + label, Image: debianImage, Labels: map[string]string{testLabelKey: label}})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Remove(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRawDockerRun(b *testing.B) {
	e := testEngine(b)
	label := testLabel(b, e)
	docker := dockerCLI(b)
	start := time.Now()
	defer reportMS(b, start)
	for b.Loop() {
		cmd := exec.Command(docker, "run", "--rm", "--network", "host", "--label", testLabelKey+"="+label, debianImage, "true")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("docker run: %v: %s", err, out)
		}
	}
}

// reportMS adds a ms/op metric, the unit the budgets are written in.
func reportMS(b *testing.B, start time.Time) {
	b.ReportMetric(time.Since(start).Seconds()*1000/float64(b.N), "ms/op")
}

func dockerCLI(b *testing.B) string {
	b.Helper()
	p, err := exec.LookPath("docker")
	if err != nil {
		b.Fatalf("the raw baselines need the docker CLI: %v", err)
	}
	return p
}
