package runlog

import (
	"testing"

	"github.com/gantry-ci/gantry/runner"
)

func TestWriteReadSummarize(t *testing.T) {
	d := Dir(t.TempDir())
	w, err := d.Create(7)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []runner.Event{
		{Type: runner.RunStart, Message: "gantry: run 7"},
		{Type: runner.JobStart, Workflow: "ci.yml", Job: "build", Leg: "build"},
		{Type: runner.StepStart, Workflow: "ci.yml", Leg: "build", Step: "Run echo hi"},
		{Type: runner.LogLine, Workflow: "ci.yml", Leg: "build", Line: "hi"},
		{Type: runner.StepEnd, Workflow: "ci.yml", Leg: "build", Step: "Run echo hi", Status: runner.StatusSuccess},
		{Type: runner.JobStart, Workflow: "ci.yml", Job: "test", Leg: "test"},
	} {
		w.Report(e)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	events, err := d.Read(7)
	if err != nil || len(events) != 6 {
		t.Fatalf("read %d events, %v; want 6", len(events), err)
	}
	jobs := Summarize(events)
	tests := []struct {
		job, status string
		steps       int
	}{{"build", "running", 1}, {"test", "running", 0}}
	if len(jobs) != len(tests) {
		t.Fatalf("jobs = %+v", jobs)
	}
	for i, tc := range tests {
		if jobs[i].Name != tc.job || jobs[i].Status != tc.status || len(jobs[i].Steps) != tc.steps {
			t.Errorf("job %d = %+v; want %s %s with %d steps", i, jobs[i], tc.job, tc.status, tc.steps)
		}
	}
	if jobs[0].Steps[0].Status != "success" {
		t.Errorf("step = %+v", jobs[0].Steps[0])
	}
	if got := Text(events[3]); got != "[build]   | hi" {
		t.Errorf("text = %q", got)
	}
	if none, err := d.Read(8); none != nil || err != nil {
		t.Errorf("a run without a log: %v, %v", none, err)
	}
}
