package docker

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docker/docker/api/types/container"
)

// A started job container has the host network, the init, gantry's labels,
// the spec's env/mounts/workdir, the options' limits, and the engine socket,
// through which `docker` in a step reaches the same engine.
func TestStartJobAppliesTheSpec(t *testing.T) {
	e := testEngine(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.txt"), []byte("from host\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := startJob(t, e, JobSpec{
		Image:      runnerImage,
		Env:        []string{"A=spec"},
		Mounts:     []Mount{{Source: dir, Target: "/mnt/in", ReadOnly: true}},
		WorkingDir: "/mnt/in",
		Labels:     map[string]string{"gantry.run": "r1"},
		Options:    `--memory 256m --cpus 0.5 -e "B=from options" -e A=options`,
	})
	insp, err := e.api.ContainerInspect(context.Background(), c.ID())
	if err != nil {
		t.Fatal(err)
	}
	if insp.HostConfig.NetworkMode != "host" || insp.HostConfig.Init == nil || !*insp.HostConfig.Init {
		t.Errorf("network %q, init %v; want host, true", insp.HostConfig.NetworkMode, insp.HostConfig.Init)
	}
	if insp.HostConfig.Memory != 256<<20 || insp.HostConfig.NanoCPUs != 5e8 {
		t.Errorf("memory %d, nanocpus %d", insp.HostConfig.Memory, insp.HostConfig.NanoCPUs)
	}
	if insp.Config.Labels["gantry"] != "1" || insp.Config.Labels["gantry.run"] != "r1" {
		t.Errorf("labels = %v", insp.Config.Labels)
	}
	if got := run(t, c, "sh", "-c", `cat in.txt; echo "$A|$B"`); got != "from host\nspec|from options\n" {
		t.Errorf("got %q", got)
	}
	if _, err := c.Exec(context.Background(), ExecSpec{Cmd: []string{"touch", "/mnt/in/x"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
		t.Error("wrote through a read-only mount")
	}
	ver, _ := e.api.ServerVersion(context.Background())
	if got := run(t, c, "docker", "version", "--format", "{{.Server.Version}}"); strings.TrimSpace(got) != ver.Version {
		t.Errorf("docker in the job container sees server %q, want %q", got, ver.Version)
	}
}

// The entrypoint runs under the init, so stopping a job container does not
// sit out docker's 10 s stop timeout.
func TestJobContainerStopsPromptly(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	start := time.Now()
	if err := e.api.ContainerStop(context.Background(), c.ID(), container.StopOptions{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stop took %v; SIGTERM is not ending the entrypoint", d)
	}
}

// Every failure of StartJob leaves no container behind (testLabel checks).
func TestStartJobFailureLeavesNothing(t *testing.T) {
	e := testEngine(t)
	for name, spec := range map[string]JobSpec{
		"missing image":      {Image: "gantry/does-not-exist:1"},
		"missing bind":       {Image: debianImage, Mounts: []Mount{{Source: "/nonexistent/gantry", Target: "/x"}}},
		"start fails":        {Image: debianImage, Entrypoint: []string{"/no/such/entrypoint"}},
		"unsupported option": {Image: debianImage, Options: "--hostname x"},
	} {
		t.Run(name, func(t *testing.T) {
			label := testLabel(t, e)
			spec.Name = "gantry-test-" + label
			spec.Labels = map[string]string{testLabelKey: label}
			c, err := e.StartJob(context.Background(), spec)
			if err == nil && name == "start fails" {
				// The init may report the missing entrypoint only after
				// StartJob looked, and an exec may even slip in before it
				// does; once the container is gone, execs say why.
				deadline := time.Now().Add(5 * time.Second)
				for err == nil && time.Now().Before(deadline) {
					_, err = c.Exec(context.Background(), ExecSpec{Cmd: []string{"true"}})
					time.Sleep(20 * time.Millisecond)
				}
				_ = c.Remove(context.Background())
				if err == nil || !strings.Contains(err.Error(), "exited at start") {
					t.Fatalf("exec after a failed entrypoint: %v, want \"exited at start\"", err)
				}
			}
			if err == nil {
				_ = c.Remove(context.Background())
				t.Fatal("StartJob: want an error")
			}
			t.Log(err)
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if _, ierr := e.api.ContainerInspect(context.Background(), SanitizeName(spec.Name)); ierr == nil {
				t.Errorf("container %s exists after the failure", spec.Name)
			}
		})
	}
}

// A cancelled StartJob leaves nothing, whichever request the cancel hits.
func TestStartJobCancelledLeavesNothing(t *testing.T) {
	e := testEngine(t)
	for _, after := range []time.Duration{0, 5 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond} {
		label := testLabel(t, e)
		ctx, cancel := context.WithTimeout(context.Background(), after)
		c, err := e.StartJob(ctx, JobSpec{Name: "gantry-test-" + label, Image: debianImage, Labels: map[string]string{testLabelKey: label}})
		cancel()
		if err == nil { // fast enough: fine, but clean up
			if err := c.Remove(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestRemoveTwice(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	for i := range 2 {
		if err := c.Remove(context.Background()); err != nil {
			t.Fatalf("Remove #%d: %v", i+1, err)
		}
	}
	if _, err := e.api.ContainerInspect(context.Background(), c.ID()); err == nil {
		t.Error("container still exists")
	}
}

// Two callers removing the same container at once both succeed.
func TestRemoveConcurrent(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- c.Remove(context.Background()) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
