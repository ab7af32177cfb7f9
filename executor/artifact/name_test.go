package artifact

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMatchName(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"my-artifact", "my-artifact", true},
		{"my-artifact", "my-artifact-2", false},
		{"my-*", "my-artifact", true},
		{"my-*", "your-artifact", false},
		{"*", "anything at all", true},
		{"*", ".dotted", false}, // minimatch's default dot:false
		{".*", ".dotted", true},
		{"**", "build-linux", true},
		{"**", ".dotted", false},
		{"build-?", "build-1", true},
		{"build-?", "build-12", false},
		{"build-[0-9]", "build-7", true},
		{"build-[!0-9]", "build-7", false},
		{"build-[!0-9]", "build-x", true},
		{"build-[[:alpha:]]", "build-x", true},
		{"[]]", "]", true},
		{"[z-a]", "z", false},
		{"report-{linux,macos}", "report-macos", true},
		{"report-{linux,macos}", "report-windows", false},
		{"report-{linux,{mac,free}os}", "report-freeos", true},
		{"shard-{1..3}", "shard-2", true},
		{"shard-{1..3}", "shard-4", false},
		{"shard-{01..10..3}", "shard-07", true},
		{"shard-{a..c}", "shard-b", true},
		{"{a}", "{a}", true}, // no comma: literal braces
		{`\{a,b\}`, "{a,b}", true},
		{`star\*`, "star*", true},
		{`star\*`, "stars", false},
		{"!my-*", "my-artifact", false},
		{"!my-*", "other", true},
		{"!!my-*", "my-artifact", true},
		{"!(a)b", "(a)b", false}, // a leading '!' always negates, even before '('
		{"!(a)b", "ab", true},
		{"#my-*", "#my-artifact", false}, // a comment matches nothing
		{"@(linux|macos)-build", "macos-build", true},
		{"+(a|b)", "abba", true},
		{"?(x)y", "y", true},
		{"*(ab)", "ababab", true},
		{"*(ab)", "aba", false},
		{"", "", true},
		{"", "x", false},
	}
	for _, tt := range tests {
		got, err := MatchName(tt.pattern, tt.name)
		if err != nil {
			t.Errorf("MatchName(%q, %q): %v", tt.pattern, tt.name, err)
			continue
		}
		if got != tt.want {
			t.Errorf("MatchName(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestMatchNameErrors(t *testing.T) {
	for _, p := range []string{"x!(a)b", "@(a|b", "x{1..100000}"} {
		if _, err := MatchName(p, "a"); err == nil {
			t.Errorf("MatchName(%q) succeeded, want an error", p)
		}
	}
}

func TestExpandBraces(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"a{b,c}d{e,f}", []string{"abde", "abdf", "acde", "acdf"}},
		{"{a}{b,c}", []string{"{a}b", "{a}c"}},
		{"{3..1}", []string{"3", "2", "1"}},
		{"{-1..1}", []string{"-1", "0", "1"}},
		{"x{,y}", []string{"x", "xy"}},
		{"{a,b", []string{"{a,b"}},
	} {
		got, err := expandBraces(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("expandBraces(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
