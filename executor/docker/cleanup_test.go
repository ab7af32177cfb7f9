package docker

import (
	"context"
	"testing"

	"github.com/docker/docker/api/types/container"
)

// RemoveLabeled removes running and never-started containers with the label
// and nothing else.
func TestRemoveLabeled(t *testing.T) {
	e := testEngine(t)
	run := "run-" + testLabel(t, e)
	runLabels := func() map[string]string { return map[string]string{"gantry.run": run} }
	a := startJob(t, e, JobSpec{Labels: runLabels()})
	b := startJob(t, e, JobSpec{Labels: runLabels()})
	other := startJob(t, e, JobSpec{})

	// A container that was created but never started counts too.
	label := testLabel(t, e)
	created, err := e.api.ContainerCreate(context.Background(),
		&container.Config{Image: debianImage, Labels: map[string]string{"gantry.run": run, testLabelKey: label}},
		&container.HostConfig{NetworkMode: networkHost}, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}

	n, err := e.RemoveLabeled(context.Background(), "gantry.run="+run)
	if err != nil || n != 3 {
		t.Fatalf("RemoveLabeled = %d, %v; want 3", n, err)
	}
	for _, id := range []string{a.ID(), b.ID(), created.ID} {
		if _, err := e.api.ContainerInspect(context.Background(), id); err == nil {
			t.Errorf("container %s survived", id[:12])
		}
	}
	if _, err := e.api.ContainerInspect(context.Background(), other.ID()); err != nil {
		t.Errorf("a container without the label was touched: %v", err)
	}
	if n, err := e.RemoveLabeled(context.Background(), "gantry.run="+run); err != nil || n != 0 {
		t.Errorf("second RemoveLabeled = %d, %v; want 0", n, err)
	}
}

func TestRemoveLabeledEmptyLabel(t *testing.T) {
	e := testEngine(t)
	if _, err := e.RemoveLabeled(context.Background(), ""); err == nil {
		t.Fatal("RemoveLabeled(\"\"): want an error (it would match nothing or everything)")
	}
}
