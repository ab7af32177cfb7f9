package stepio

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"sync"
)

// LineKind says what a Line is, so a renderer can style it.
type LineKind int

const (
	Output        LineKind = iota // ordinary output
	Echo                          // a command line shown as-is (echo on, stop-commands, resume)
	GroupStart                    // ::group::, Text is the title
	GroupEnd                      // ::endgroup::
	Error                         // ::error:: or an error the runner reports
	Warning                       // ::warning:: or a warning the runner reports
	Notice                        // ::notice::
	Debug                         // ::debug::, only sent when Options.Debug is set
	AddMatcher                    // ::add-matcher::, Text is the matcher file; not for display
	RemoveMatcher                 // ::remove-matcher::, Text is the file, Props["owner"] the owner; not for display
)

var kindNames = [...]string{"Output", "Echo", "GroupStart", "GroupEnd", "Error", "Warning", "Notice", "Debug", "AddMatcher", "RemoveMatcher"}

func (k LineKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "LineKind(?)"
}

// Line is one line of a step's log, already masked.
type Line struct {
	Text  string
	Kind  LineKind
	Props map[string]string // for Error, Warning, Notice and RemoveMatcher; values masked
}

// Sink receives the lines a Processor produces, in order. It is called with
// the Processor's lock held, so it must not call back into the Processor.
type Sink interface{ Line(l Line) }

// SinkFunc adapts a function to Sink.
type SinkFunc func(Line)

// Line calls f(l).
func (f SinkFunc) Line(l Line) { f(l) }

// Options are the per-step switches the runner takes from the job.
type Options struct {
	// Debug is ACTIONS_STEP_DEBUG: ::debug:: lines are shown, and commands are
	// echoed until ::echo::off (the runner's default for EchoOnActionCommand).
	Debug bool
	// AllowUnsecureCommands is ACTIONS_ALLOW_UNSECURE_COMMANDS=true: it enables
	// the disabled ::set-env:: and ::add-path:: commands.
	AllowUnsecureCommands bool
	// AllowUnsecureStopCommandTokens is ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS=true:
	// an invalid ::stop-commands:: token warns instead of failing.
	AllowUnsecureStopCommandTokens bool
}

// Processor turns one step's raw output into log lines, as the runner's
// OutputManager and ActionCommandManager do: it runs workflow commands,
// honours stop-commands and echo, and masks every line it sends. Lines that
// only carry a command (set-output, add-mask, ...) are not sent. It is safe
// for concurrent use; give stdout and stderr separate Streams (NewStream) so
// their partial lines do not mix, while they share command state as in the runner.
type Processor struct {
	mu        sync.Mutex
	masker    *Masker
	sink      Sink
	opts      Options
	echo      bool
	stopped   bool
	stopToken string
	failed    bool
	outputs   map[string]string
	state     map[string]string
	env       map[string]string
	paths     []string
	main      Stream
}

// NewProcessor returns a Processor with default Options. A nil masker gets a
// fresh one; a nil sink discards lines.
func NewProcessor(masker *Masker, sink Sink) *Processor {
	return NewProcessorWithOptions(masker, sink, Options{})
}

// NewProcessorWithOptions returns a Processor with the given Options.
func NewProcessorWithOptions(masker *Masker, sink Sink, opts Options) *Processor {
	if masker == nil {
		masker = NewMasker()
	}
	p := &Processor{
		masker: masker, sink: sink, opts: opts, echo: opts.Debug,
		outputs: map[string]string{}, state: map[string]string{}, env: map[string]string{},
	}
	p.main.p = p
	return p
}

// Write implements io.Writer. Complete lines are processed at once; a partial
// last line waits for the rest or for Flush, so a secret split across writes
// is still masked. It never fails.
func (p *Processor) Write(b []byte) (int, error) { return p.main.Write(b) }

// Flush processes a pending partial line; call it when the step's output ends.
func (p *Processor) Flush() { p.main.Flush() }

// NewStream returns another writer (for example for stderr) with its own
// partial line, feeding this Processor.
func (p *Processor) NewStream() *Stream { return &Stream{p: p} }

// Outputs returns the outputs set by the deprecated ::set-output name=x::v.
func (p *Processor) Outputs() map[string]string { return p.copyMap(p.outputs) }

// State returns the state saved by the deprecated ::save-state name=x::v.
func (p *Processor) State() map[string]string { return p.copyMap(p.state) }

// Env returns variables set by ::set-env:: (only with AllowUnsecureCommands).
func (p *Processor) Env() map[string]string { return p.copyMap(p.env) }

// Paths returns ::add-path:: entries (only with AllowUnsecureCommands) in the
// runner's order: a repeated entry moves to the end; the last one goes first in PATH.
func (p *Processor) Paths() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.paths)
}

// Failed reports whether a command failed in a way that fails the step in the
// runner (CommandResult = Failed), for example a disabled ::set-env::.
func (p *Processor) Failed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed
}

func (p *Processor) copyMap(m map[string]string) map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(m)
}

// Stream is one output stream of a Processor.
type Stream struct {
	p   *Processor
	buf []byte
}

// Write implements io.Writer; see Processor.Write.
func (s *Stream) Write(b []byte) (int, error) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.buf = append(s.buf, b...)
	s.drain(false)
	return len(b), nil
}

// Flush processes a pending partial line.
func (s *Stream) Flush() {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.drain(true)
}

func (s *Stream) drain(final bool) {
	rest := s.buf
	for len(rest) > 0 {
		line, n := nextLine(rest, final)
		if n == 0 {
			break
		}
		s.p.handle(string(line))
		rest = rest[n:]
	}
	s.buf = append(s.buf[:0], rest...)
}

// nextLine splits like .NET's StreamReader.ReadLine, which the runner reads
// step output with (ProcessInvoker.cs): "\n", "\r\n" and a lone "\r" all end
// a line. A "\r" at the end of the data may be half of "\r\n", so unless
// final it waits for the next byte. n is 0 when no complete line is buffered.
func nextLine(b []byte, final bool) (line []byte, n int) {
	nl := bytes.IndexByte(b, '\n')
	seg := b
	if nl >= 0 {
		seg = b[:nl]
	}
	if cr := bytes.IndexByte(seg, '\r'); cr >= 0 {
		switch {
		case cr+1 < len(b) && b[cr+1] == '\n':
			return b[:cr], cr + 2
		case cr+1 < len(b) || final:
			return b[:cr], cr + 1
		}
		return nil, 0
	}
	if nl >= 0 {
		return b[:nl], nl + 1
	}
	if final {
		return b, len(b)
	}
	return nil, 0
}

// handle is OutputManager.OnDataReceived: only lines that contain a command
// marker are offered to the command manager; whatever it does not consume is
// ordinary output.
func (p *Processor) handle(line string) {
	if strings.Contains(line, "::") || strings.Contains(line, "##[") {
		if p.tryCommand(line) {
			return
		}
	}
	p.emit(Output, line, nil)
}

// emit masks and sends one line. Masking happens here, after the command was
// run, so an ::add-mask:: takes effect before the next line is shown.
func (p *Processor) emit(kind LineKind, text string, props map[string]string) {
	if p.sink == nil {
		return
	}
	l := Line{Kind: kind, Text: p.masker.Mask(text)}
	if len(props) > 0 {
		l.Props = make(map[string]string, len(props))
		for k, v := range props {
			l.Props[k] = p.masker.Mask(v)
		}
	}
	p.sink.Line(l)
}
