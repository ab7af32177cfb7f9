package stepio

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseCommand(t *testing.T) {
	type props = map[string]string
	tests := []struct {
		what   string
		input  string
		want   Command
		wantOK bool
	}{
		{"error with properties", "::error file=a.js,line=1,col=5::boom",
			Command{"error", props{"file": "a.js", "line": "1", "col": "5"}, "boom"}, true},
		{"all annotation properties", "::warning file=f,line=1,endLine=2,col=3,endColumn=4,title=T::w",
			Command{"warning", props{"file": "f", "line": "1", "endLine": "2", "col": "3", "endColumn": "4", "title": "T"}, "w"}, true},
		{"data escapes", "::notice::100%25 done%0Anext%0Dline",
			Command{"notice", nil, "100% done\nnext\rline"}, true},
		{"property escapes", "::error title=a%3Ab%2Cc%25d%0Ae::m",
			Command{"error", props{"title": "a:b,c%d\ne"}, "m"}, true},
		{"data keeps %3A and %2C", "::debug::a%3Ab%2Cc",
			Command{"debug", nil, "a%3Ab%2Cc"}, true},
		{"escapes are upper-case only", "::debug::a%0ab", Command{"debug", nil, "a%0ab"}, true},
		{"%25 is decoded last", "::error title=%253A::%250A",
			Command{"error", props{"title": "%3A"}, "%0A"}, true},
		{"name is case-insensitive", "::ERROR::x", Command{"error", nil, "x"}, true},
		{"leading white space allowed", " \t::warning::w", Command{"warning", nil, "w"}, true},
		{"not at line start", "say ::error::x", Command{}, false},
		{"unknown command", "::foo::bar", Command{}, false},
		{"unclosed", "::error", Command{}, false},
		{"empty data", "::endgroup::", Command{"endgroup", nil, ""}, true},
		{"data may contain ::", "::notice::a::b", Command{"notice", nil, "a::b"}, true},
		{"space before name", ":: error::x", Command{}, false},
		{"bare marker", "::", Command{}, false},
		{"properties trimmed as a whole, pairs not", "::error  file=a.js , line=1 ::m",
			Command{"error", props{"file": "a.js ", " line": "1"}, "m"}, true},
		{"pair without value ignored", "::error title=,file=x::m", Command{"error", props{"file": "x"}, "m"}, true},
		{"pair without key ignored", "::error =x,line=2::m", Command{"error", props{"line": "2"}, "m"}, true},
		{"k==v drops the empty piece", "::error title==v::m", Command{"error", props{"title": "v"}, "m"}, true},
		{"value keeps later =", "::error title=a=b::m", Command{"error", props{"title": "a=b"}, "m"}, true},
		{"known key canonicalised", "::error FILE=a,EndLine=3::m", Command{"error", props{"file": "a", "endLine": "3"}, "m"}, true},
		{"duplicate key, last wins", "::error file=a,File=b::m", Command{"error", props{"file": "b"}, "m"}, true},
		{"unknown key kept as written", "::error Foo=1,foo=2::m", Command{"error", props{"Foo": "2"}, "m"}, true},
		{"set-output", "::set-output name=x::v", Command{"set-output", props{"name": "x"}, "v"}, true},
		{"stop-commands", "::stop-commands::tok", Command{"stop-commands", nil, "tok"}, true},
		{"set-env parses (disabled later)", "::set-env name=A::b", Command{"set-env", props{"name": "A"}, "b"}, true},
		{"legacy form", "##[error]msg", Command{"error", nil, "msg"}, true},
		{"legacy with properties", "##[warning file=a.js;line=3]w", Command{"warning", props{"file": "a.js", "line": "3"}, "w"}, true},
		{"legacy anywhere in the line", "step: ##[group]Title", Command{"group", nil, "Title"}, true},
		{"legacy escapes", "##[error title=a%3Bb%5D]x%5Dy%3B%25", Command{"error", props{"title": "a;b]"}, "x]y;%"}, true},
		{"legacy unknown command", "##[foo]x", Command{}, false},
		{"legacy unclosed", "##[error x", Command{}, false},
		{"v2 wins over legacy", "::warning::see ##[error]x", Command{"warning", nil, "see ##[error]x"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			got, ok := ParseCommand(tt.input)
			if ok != tt.wantOK {
				t.Fatalf("ParseCommand(%q) ok = %v, want %v", tt.input, ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseCommand(%q) mismatch (-want +got):\n%s", tt.input, diff)
			}
		})
	}
}

func TestParseCommandStopToken(t *testing.T) {
	got, ok := parseCommand("::My-Token::", "my-token")
	if !ok || got.Name != "my-token" {
		t.Errorf("parseCommand with token = %+v, %v; want Name my-token", got, ok)
	}
	if _, ok := ParseCommand("::my-token::"); ok {
		t.Error("ParseCommand accepted an unregistered token")
	}
}
