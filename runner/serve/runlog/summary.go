package runlog

import (
	"fmt"
	"strings"

	"github.com/gantry-ci/gantry/runner"
)

// Job is one job leg as the page shows it.
type Job struct {
	Workflow string  `json:"workflow"`
	Job      string  `json:"job"`
	Name     string  `json:"name"`
	Status   string  `json:"status"` // "running" until its job.end
	Duration float64 `json:"duration_seconds,omitempty"`
	Steps    []Step  `json:"steps"`
}

// Step is one step of a job leg.
type Step struct {
	Name     string  `json:"name"`
	Status   string  `json:"status"`
	Duration float64 `json:"duration_seconds,omitempty"`
}

// Summarize folds events into job legs and their steps, in start order.
func Summarize(events []runner.Event) []Job {
	var jobs []Job
	index := map[string]int{}
	for _, e := range events {
		key := e.Workflow + "\x00" + e.Leg
		i, ok := index[key]
		if e.Type == runner.JobStart && !ok {
			index[key] = len(jobs)
			jobs = append(jobs, Job{Workflow: e.Workflow, Job: e.Job, Name: e.Leg, Status: "running", Steps: []Step{}})
			continue
		}
		if !ok {
			continue
		}
		j := &jobs[i]
		switch e.Type {
		case runner.StepStart:
			j.Steps = append(j.Steps, Step{Name: e.Step, Status: "running"})
		case runner.StepEnd:
			for k := len(j.Steps) - 1; k >= 0; k-- {
				if j.Steps[k].Name == e.Step && j.Steps[k].Status == "running" {
					j.Steps[k].Status, j.Steps[k].Duration = string(e.Status), e.Duration
					break
				}
			}
		case runner.JobEnd:
			j.Status, j.Duration = string(e.Status), e.Duration
		}
	}
	return jobs
}

// Text is the line a person reads for e, or "" for events without one.
func Text(e runner.Event) string {
	prefix := ""
	if e.Leg != "" {
		prefix = "[" + e.Leg + "] "
	}
	switch e.Type {
	case runner.RunStart, runner.RunEnd:
		return e.Message
	case runner.JobStart:
		return prefix + "Start job" + suffix(e.Message)
	case runner.StepStart:
		return prefix + "> " + e.Step
	case runner.StepEnd:
		return fmt.Sprintf("%s%s: %s (%.2fs)", prefix, e.Step, e.Status, e.Duration)
	case runner.JobEnd:
		return fmt.Sprintf("%sJob %s (%.2fs)%s", prefix, e.Status, e.Duration, suffix(e.Message))
	case runner.LogLine:
		switch e.Kind {
		case "endgroup":
			return ""
		case "group":
			return prefix + "▼ " + e.Line
		case "error", "warning", "notice", "debug":
			return prefix + "  " + e.Kind + ": " + strings.TrimSpace(e.Line)
		}
		return prefix + "  | " + e.Line
	}
	return ""
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}
