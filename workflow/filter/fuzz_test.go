package filter

import (
	"errors"
	"strings"
	"testing"
)

// FuzzCompile checks that no pattern/value pair panics or hangs, that
// errors are PatternErrors pointing inside the pattern, and that a
// negated pattern matches exactly what its positive body matches.
func FuzzCompile(f *testing.F) {
	for _, s := range [][2]string{
		{"feature/*", "feature/x"},
		{"v[12].[0-9]+.[0-9]+", "v1.10.1"},
		{"**/README.md", "README.md"},
		{"!releases/**-alpha", "releases/1-alpha"},
		{`a\*[\]-z0-9]?+`, "a*]"},
		{"**********a", strings.Repeat("b", 200)},
		{"[a-c-e]", "-"},
		{"x/**/?", "x/"},
		{"caf\u00e9?", "caf"},
		{"\xff", "\xff"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, value string) {
		p, err := Compile(pattern)
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) {
				t.Fatalf("Compile(%q) error %v is not a *PatternError", pattern, err)
			}
			if pe.Offset < 0 || pe.Offset > len(pattern) {
				t.Fatalf("Compile(%q): offset %d outside the pattern", pattern, pe.Offset)
			}
			return
		}
		got := p.Match(value)
		if p.String() != pattern {
			t.Fatalf("String() = %q, want %q", p.String(), pattern)
		}
		if !p.Negated() {
			if q, err := Compile("!" + pattern); err != nil || q.Match(value) != got {
				t.Fatalf("!%q disagrees with %q on %q (err %v)", pattern, pattern, value, err)
			}
		}
		if p.re == nil && got != (value == p.literal) {
			t.Fatalf("literal %q: Match(%q) = %v", pattern, value, got)
		}
	})
}
