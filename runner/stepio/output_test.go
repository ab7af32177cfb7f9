package stepio

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

type collector struct{ lines []Line }

func (c *collector) Line(l Line) { c.lines = append(c.lines, l) }

func out(s string) Line            { return Line{Text: s, Kind: Output} }
func ln(k LineKind, s string) Line { return Line{Text: s, Kind: k} }
func echo(s string) Line           { return Line{Text: s, Kind: Echo} }
func errs(info, msg string) []Line {
	return []Line{ln(Error, "Unable to process command '"+info+"' successfully."), ln(Error, msg)}
}
func deprecated(cmd string) Line { return ln(Warning, strings.Replace(msgDeprecated, "%s", cmd, 1)) }
func disabled(cmd string) string { return strings.Replace(msgDisabled, "%s", cmd, 1) }
func join(parts ...[]Line) (all []Line) {
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

func TestProcessor(t *testing.T) {
	type m = map[string]string
	on := Options{Debug: true}
	unsecure := Options{AllowUnsecureCommands: true}
	tests := []struct {
		what        string
		opts        Options
		secrets     []string
		chunks      []string
		noFlush     bool
		want        []Line
		wantOutputs m
		wantState   m
		wantEnv     m
		wantPaths   []string
		wantFailed  bool
	}{
		{what: "plain lines", chunks: []string{"a\nb\n"}, want: []Line{out("a"), out("b")}},
		{what: "CRLF", chunks: []string{"a\r\nb\r\n"}, want: []Line{out("a"), out("b")}},
		{what: "CRLF split across writes", chunks: []string{"a\r", "\nb\r", "\n"}, want: []Line{out("a"), out("b")}},
		{what: "lone CR ends a line", chunks: []string{"10%\r50%\r100%\n"}, want: []Line{out("10%"), out("50%"), out("100%")}},
		{what: "empty lines kept", chunks: []string{"a\n\n\nb\n"}, want: []Line{out("a"), out(""), out(""), out("b")}},
		{what: "partial line waits for Flush", chunks: []string{"abc"}, noFlush: true, want: nil},
		{what: "partial line flushed", chunks: []string{"ab", "c"}, want: []Line{out("abc")}},
		{what: "trailing CR flushed", chunks: []string{"abc\r"}, want: []Line{out("abc")}},
		{what: "error annotation", chunks: []string{"::error file=a.js,line=1::msg\n"},
			want: []Line{{Text: "msg", Kind: Error, Props: m{"file": "a.js", "line": "1"}}}},
		{what: "warning and notice", chunks: []string{"::warning::w\n::notice title=T::n\n"},
			want: []Line{ln(Warning, "w"), {Text: "n", Kind: Notice, Props: m{"title": "T"}}}},
		{what: "group", chunks: []string{"::group::Build\nx\n::endgroup::\n"},
			want: []Line{ln(GroupStart, "Build"), out("x"), ln(GroupEnd, "")}},
		{what: "debug hidden by default", chunks: []string{"::debug::detail\n"}, want: nil},
		{what: "debug shown with Debug, one line per line", opts: on, chunks: []string{"::debug::a%0D%0Ab\n"},
			want: []Line{ln(Debug, "a"), ln(Debug, "b")}},
		{what: "Debug turns echo on", opts: on, chunks: []string{"::group::G\n"},
			want: []Line{echo("::group::G"), ln(GroupStart, "G")}},
		{what: "legacy command", chunks: []string{"##[error]bad\n"}, want: []Line{ln(Error, "bad")}},
		{what: "legacy command mid-line", chunks: []string{"note ##[warning]careful\n"}, want: []Line{ln(Warning, "careful")}},
		{what: "unknown command is output", chunks: []string{"::foo::bar\n"}, want: []Line{out("::foo::bar")}},
		{what: "text with :: is output", chunks: []string{"std::vector\n"}, want: []Line{out("std::vector")}},
		{what: "add-mask, then the secret", chunks: []string{"::add-mask::s3cr3t\necho s3cr3t\n"}, want: []Line{out("echo ***")}},
		{what: "add-mask echoed masked when echo on", opts: on, chunks: []string{"::add-mask::s3cr3t\n"}, want: []Line{echo("::add-mask::***")}},
		{what: "add-mask of white space warns", chunks: []string{"::add-mask::  \n"},
			want: []Line{ln(Warning, "Can't add secret mask for empty string in ##[add-mask] command.")}},
		{what: "add-mask multi-line value masks each line", chunks: []string{"::add-mask::first%0Asecond\nfirst and second\n"},
			want: []Line{out("*** and ***")}},
		{what: "secret split across writes", secrets: []string{"topsecret"}, chunks: []string{"token: top", "secret\n"},
			want: []Line{out("token: ***")}},
		{what: "secret split across writes at the line end", secrets: []string{"topsecret"}, chunks: []string{"x topsecret\r", "\n"},
			want: []Line{out("x ***")}},
		{what: "secrets masked in annotations and properties", secrets: []string{"pw123456"},
			chunks: []string{"::error title=pw123456::bad pw123456\n"},
			want:   []Line{{Text: "bad ***", Kind: Error, Props: m{"title": "***"}}}},
		{what: "masking after unescaping", secrets: []string{"a%b"}, chunks: []string{"::warning::a%25b\n"}, want: []Line{ln(Warning, "***")}},
		{what: "stop-commands and resume", chunks: []string{
			"::stop-commands::pause-123\n", "::error::not a command\n", "::set-output name=x::y\n",
			"::pause-123::\n", "::error::a command again\n"},
			want: []Line{echo("::stop-commands::***"), out("::error::not a command"), out("::set-output name=x::y"),
				echo("::***::"), ln(Error, "a command again")}},
		{what: "short stop token is not masked", chunks: []string{"::stop-commands::tok\n::warning::w\n::TOK::\n"},
			want: []Line{echo("::stop-commands::tok"), out("::warning::w"), echo("::TOK::")}},
		{what: "stop-commands while stopped is output", chunks: []string{"::stop-commands::tok\n::stop-commands::other\n"},
			want: []Line{echo("::stop-commands::tok"), out("::stop-commands::other")}},
		{what: "legacy resume", chunks: []string{"::stop-commands::tok\n##[tok]\n::notice::n\n"},
			want: []Line{echo("::stop-commands::tok"), echo("##[tok]"), ln(Notice, "n")}},
		{what: "stop token may not be a command", chunks: []string{"::stop-commands::error\n::error::still works\n"},
			want: []Line{ln(Error, msgBadStopToken), ln(Error, "still works")}, wantFailed: true},
		{what: "stop token may not be empty", chunks: []string{"::stop-commands::\n"}, want: []Line{ln(Error, msgBadStopToken)}, wantFailed: true},
		{what: "stop token may not be pause-logging", chunks: []string{"::stop-commands::Pause-Logging\n"},
			want: []Line{ln(Error, msgBadStopToken)}, wantFailed: true},
		{what: "unsecure stop token allowed with a warning", opts: Options{AllowUnsecureStopCommandTokens: true},
			chunks: []string{"::stop-commands::error\n::warning::x\n::error::\n::warning::y\n"},
			want:   []Line{ln(Warning, msgBadStopToken), echo("::stop-commands::error"), out("::warning::x"), echo("::error::"), ln(Warning, "y")}},
		{what: "echo on and off", chunks: []string{"::echo::on\n::group::G\n::echo::off\n::group::H\n"},
			want: []Line{echo("::group::G"), ln(GroupStart, "G"), echo("::echo::off"), ln(GroupStart, "H")}},
		{what: "annotations are never echoed", chunks: []string{"::echo::on\n::error::e\n"}, want: []Line{ln(Error, "e")}},
		{what: "bad echo value fails", chunks: []string{"::echo::maybe\n"},
			want: errs("::echo::maybe", "Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: 'maybe'."), wantFailed: true},
		{what: "set-output works but warns", chunks: []string{"::set-output name=ver::1.2.3\n"},
			want: []Line{deprecated("set-output")}, wantOutputs: m{"ver": "1.2.3"}},
		{what: "set-output last value wins", chunks: []string{"::set-output name=a::1\n::set-output name=a::2\n"},
			want: []Line{deprecated("set-output"), deprecated("set-output")}, wantOutputs: m{"a": "2"}},
		{what: "set-output without name fails", chunks: []string{"::set-output::v\n"},
			want:       join([]Line{deprecated("set-output")}, errs("::set-output::v", "Required field 'name' is missing in ##[set-output] command.")),
			wantFailed: true},
		{what: "save-state", chunks: []string{"::save-state name=pid::42\n"}, want: []Line{deprecated("save-state")}, wantState: m{"pid": "42"}},
		{what: "set-env disabled", chunks: []string{"::set-env name=A::b\n"},
			want: errs("::set-env name=A::b", disabled("set-env")), wantFailed: true},
		{what: "add-path disabled", chunks: []string{"::add-path::/x\n"}, want: errs("::add-path::/x", disabled("add-path")), wantFailed: true},
		{what: "set-env allowed, NODE_OPTIONS blocked", opts: unsecure,
			chunks: []string{"::set-env name=A::b\n::set-env name=node_options::--require x\n"},
			want:   []Line{ln(Error, "Can't update NODE_OPTIONS environment variable using ::set-env:: command.")}, wantEnv: m{"A": "b"}},
		{what: "add-path allowed, repeat moves to the end", opts: unsecure,
			chunks: []string{"::add-path::/a\n::add-path::/b\n::add-path::/a\n"}, wantPaths: []string{"/b", "/a"}},
		{what: "matchers", chunks: []string{"::add-matcher::m.json\n::remove-matcher owner=eslint::\n::add-matcher::\n"},
			want: []Line{ln(AddMatcher, "m.json"), {Kind: RemoveMatcher, Props: m{"owner": "eslint"}}, ln(Warning, "File path must be specified.")}},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			masker := NewMasker()
			for _, s := range tt.secrets {
				masker.Add(s)
			}
			var c collector
			p := NewProcessorWithOptions(masker, &c, tt.opts)
			for _, chunk := range tt.chunks {
				if n, err := p.Write([]byte(chunk)); n != len(chunk) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			if !tt.noFlush {
				p.Flush()
			}
			opt := cmpopts.EquateEmpty()
			if diff := cmp.Diff(tt.want, c.lines, opt); diff != "" {
				t.Errorf("lines mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantOutputs, p.Outputs(), opt); diff != "" {
				t.Errorf("Outputs mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantState, p.State(), opt); diff != "" {
				t.Errorf("State mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantEnv, p.Env(), opt); diff != "" {
				t.Errorf("Env mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPaths, p.Paths(), opt); diff != "" {
				t.Errorf("Paths mismatch (-want +got):\n%s", diff)
			}
			if p.Failed() != tt.wantFailed {
				t.Errorf("Failed = %v, want %v", p.Failed(), tt.wantFailed)
			}
		})
	}
}

// stdout and stderr keep separate partial lines but share command state.
func TestProcessorStreams(t *testing.T) {
	var c collector
	p := NewProcessor(nil, &c)
	errStream := p.NewStream()
	p.Write([]byte("::add-mask::hidden-value\nout "))
	errStream.Write([]byte("err hidden-"))
	p.Write([]byte("line\n"))
	errStream.Write([]byte("value\n"))
	want := []Line{out("out line"), out("err ***")}
	if diff := cmp.Diff(want, c.lines); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestLineKindString(t *testing.T) {
	if got := RemoveMatcher.String(); got != "RemoveMatcher" {
		t.Errorf("got %q", got)
	}
	if got := LineKind(99).String(); got != "LineKind(?)" {
		t.Errorf("got %q", got)
	}
}
