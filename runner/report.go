package runner

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
)

// EventType names what a report Event is about.
type EventType string

// The report events, in the order a run produces them.
const (
	RunStart  EventType = "run.start"
	JobStart  EventType = "job.start"
	StepStart EventType = "step.start"
	LogLine   EventType = "log"
	StepEnd   EventType = "step.end"
	JobEnd    EventType = "job.end"
	RunEnd    EventType = "run.end"
)

// Event is one thing that happened in a run. Every text in it is masked
// before it is built.
type Event struct {
	Time     time.Time `json:"time"`
	Type     EventType `json:"type"`
	RunID    int64     `json:"run_id,omitempty"`
	Workflow string    `json:"workflow,omitempty"`
	Job      string    `json:"job,omitempty"`  // job id
	Leg      string    `json:"leg,omitempty"`  // the leg's display name
	Step     string    `json:"step,omitempty"` // the step's display name
	Status   Status    `json:"status,omitempty"`
	Duration float64   `json:"duration_seconds,omitempty"`
	Line     string    `json:"line,omitempty"`
	Kind     string    `json:"kind,omitempty"` // for log lines: output, group, endgroup, error, warning, notice, debug
	Message  string    `json:"message,omitempty"`
}

// Reporter receives a run's events; implementations must be safe for
// concurrent use, as jobs run in parallel.
type Reporter interface {
	Report(Event)
}

// JSONReporter writes one JSON object per line, for tools.
type JSONReporter struct {
	mu  sync.Mutex
	enc *json.Encoder
}

// NewJSONReporter reports to w.
func NewJSONReporter(w io.Writer) *JSONReporter {
	return &JSONReporter{enc: json.NewEncoder(w)}
}

// Report writes e as one line of JSON.
func (r *JSONReporter) Report(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	_ = r.enc.Encode(e) // a closed stdout is nothing the run can mend
}

// TextReporter writes the live log a person reads: each line prefixed
// with its job leg.
type TextReporter struct {
	mu sync.Mutex
	w  io.Writer
}

// NewTextReporter reports to w.
func NewTextReporter(w io.Writer) *TextReporter { return &TextReporter{w: w} }

// Report writes e as a line of text, or nothing for events a person need
// not see.
func (r *TextReporter) Report(e Event) {
	line := textLine(e)
	if line == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(r.w, line)
}

func textLine(e Event) string {
	prefix := "[" + e.Leg + "] "
	switch e.Type {
	case RunStart:
		return e.Message
	case JobStart:
		return prefix + "🚀 Start job" + suffix(e.Message)
	case StepStart:
		return prefix + "⭐ " + e.Step
	case StepEnd:
		return fmt.Sprintf("%s%s %s: %s (%s)", prefix, statusMark(e.Status), e.Step, e.Status, seconds(e.Duration))
	case JobEnd:
		return fmt.Sprintf("%s🏁 Job %s (%s)%s", prefix, e.Status, seconds(e.Duration), suffix(e.Message))
	case LogLine:
		switch e.Kind {
		case "group":
			return prefix + "▼ " + e.Line
		case "endgroup":
			return ""
		case "summary":
			return prefix + "  ▌ " + e.Line
		case "error", "warning", "notice", "debug":
			return prefix + "  " + e.Kind + ": " + e.Line
		}
		return prefix + "  | " + e.Line
	case RunEnd:
		return e.Message
	}
	return ""
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

func statusMark(s Status) string {
	switch s {
	case StatusSuccess:
		return "✅"
	case StatusSkipped:
		return "⏭"
	case StatusCancelled:
		return "🚫"
	}
	return "❌"
}

func seconds(d float64) string {
	return fmt.Sprintf("%.2fs", d)
}
