package runner

import (
	"bytes"
	"io"
	"sync"

	"github.com/gantry-ci/gantry/runner/stepio"
)

// processor turns a step's raw output into masked log events, handling
// workflow commands on the way.
func (lr *legRun) processor(sr *stepRun) *stepio.Processor {
	return stepio.NewProcessor(lr.r.masker, stepio.SinkFunc(func(l stepio.Line) {
		kind, shown := lineKinds[l.Kind]
		if !shown {
			return
		}
		e := lr.stepEvent(LogLine, sr)
		e.Line, e.Kind = l.Text+annotationPlace(l.Props), kind
		if l.Kind == stepio.Output || l.Kind == stepio.Error {
			lr.tail.add(l.Text)
		}
		lr.r.report(e)
	}))
}

// annotationPlace renders where an ::error file=…,line=…:: points, as
// GitHub shows it beside the message.
func annotationPlace(props map[string]string) string {
	file := props["file"]
	if file == "" {
		return ""
	}
	place := file
	if line := props["line"]; line != "" {
		place += ":" + line
		if col := props["col"]; col != "" {
			place += ":" + col
		}
	}
	return " (" + place + ")"
}

// lineKinds names the kinds of step output lines in reports; matcher
// lines are not for display.
var lineKinds = map[stepio.LineKind]string{
	stepio.Output: "output", stepio.Echo: "output", stepio.GroupStart: "group", stepio.GroupEnd: "endgroup",
	stepio.Error: "error", stepio.Warning: "warning", stepio.Notice: "notice", stepio.Debug: "debug",
}

// logWriter reports each line written to it as a log line of kind.
func (lr *legRun) logWriter(kind string) io.Writer {
	return &lineWriter{emit: func(line string) {
		lr.r.report(Event{Type: LogLine, Job: lr.j.ID.Value, Leg: lr.leg.name, Kind: kind, Line: line})
	}}
}

// lineWriter calls emit for each complete line written to it.
type lineWriter struct {
	buf  []byte
	emit func(string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		w.emit(string(bytes.TrimSuffix(w.buf[:i], []byte("\r"))))
		w.buf = w.buf[i+1:]
	}
}

// tailBuffer keeps the last lines of a leg's output for the summary.
type tailBuffer struct {
	mu    sync.Mutex
	max   int
	items []string
}

func newTailBuffer(n int) *tailBuffer { return &tailBuffer{max: n} }

func (t *tailBuffer) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.items = append(t.items, line)
	if len(t.items) > t.max {
		t.items = t.items[len(t.items)-t.max:]
	}
}

func (t *tailBuffer) lines() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.items...)
}
