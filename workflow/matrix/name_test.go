package matrix

import (
	"math"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/gantry-ci/gantry/expr"
)

func TestLegName(t *testing.T) {
	tests := []struct {
		what string
		job  string
		c    Combination
		want string
	}{
		{
			what: "the values in key order",
			job:  "run-npm-test",
			c:    Combination{e("os", "ubuntu-latest"), e("node-version", "12.x")},
			want: "run-npm-test (ubuntu-latest, 12.x)",
		},
		{
			what: "numbers as GitHub prints them",
			job:  "build",
			c:    Combination{e("a", 12.0), e("b", 14.5), e("c", 1e15), e("d", 0.00001), e("e", 0.1+0.2), e("f", math.Copysign(0, -1))},
			want: "build (12, 14.5, 1E+15, 1E-05, 0.3, -0)",
		},
		{
			what: "booleans as true and false; null and empty strings left out",
			job:  "build",
			c:    Combination{e("a", true), e("b", nil), e("c", ""), e("d", false)},
			want: "build (true, false)",
		},
		{
			what: "values an include merged in are left out",
			job:  "test",
			c:    Combination{e("os", "windows-latest"), e("node", 16.0), x("npm", 6.0)},
			want: "test (windows-latest, 16)",
		},
		{
			what: "a leg an include added on its own is named by all its values",
			job:  "includes_only",
			c:    Combination{e("site", "production"), e("datacenter", "site-a")},
			want: "includes_only (production, site-a)",
		},
		{
			what: "objects and lists are walked for their scalars",
			job:  "test",
			c: Combination{
				e("os", "ubuntu-latest"),
				e("node", map[string]any{"version": 20.0, "env": "NODE_OPTIONS=--openssl-legacy-provider"}),
				e("labels", []any{"self-hosted", []any{}, map[string]any{}, "gpu"}),
			},
			want: "test (ubuntu-latest, NODE_OPTIONS=--openssl-legacy-provider, 20, self-hosted, gpu)",
		},
		{
			what: "no value leaves the job name alone",
			job:  "lint",
			c:    Combination{e("a", nil), x("b", "c")},
			want: "lint",
		},
		{
			what: "not a matrix job",
			job:  "lint",
			c:    Combination{},
			want: "lint",
		},
		{
			what: "integers in a hand-built combination",
			job:  "build",
			c:    Combination{e("a", 12), e("b", uint8(3))},
			want: "build (12, 3)",
		},
		{
			what: "a name longer than 100 characters is cut to 97 and ...",
			job:  "build",
			c:    Combination{e("a", strings.Repeat("x", 200))},
			want: "build (" + strings.Repeat("x", 90) + "...",
		},
		{
			what: "exactly 100 characters is kept",
			job:  "build",
			c:    Combination{e("a", strings.Repeat("x", 92))},
			want: "build (" + strings.Repeat("x", 92) + ")",
		},
		{
			what: "length counts UTF-16 units, not bytes",
			job:  "build",
			c:    Combination{e("a", strings.Repeat("é", 92))},
			want: "build (" + strings.Repeat("é", 92) + ")",
		},
		{
			what: "a surrogate pair is not split",
			job:  "build",
			c:    Combination{e("a", strings.Repeat("x", 89)+"😀"+strings.Repeat("x", 10))},
			want: "build (" + strings.Repeat("x", 89) + "...",
		},
		{
			what: "no job name, no leg name",
			job:  "",
			c:    Combination{e("a", "b")},
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			got := LegName(tt.job, tt.c)
			if got != tt.want {
				t.Errorf("LegName(%q) = %q; want %q", tt.job, got, tt.want)
			}
			if n := len(utf16.Encode([]rune(got))); n > maxNameLength {
				t.Errorf("LegName is %d UTF-16 units long", n)
			}
		})
	}
}

// TestLegNameExpanded names the legs of the documented include example:
// values include merges are not in the name, a leg it adds is.
func TestLegNameExpanded(t *testing.T) {
	m := withInclude(Matrix{Axes: []Axis{ax("fruit", "apple", "pear"), ax("animal", "cat", "dog")}},
		kv("color", "green"),
		kv("color", "pink", "animal", "cat"),
		kv("fruit", "apple", "shape", "circle"),
		kv("fruit", "banana"),
		kv("fruit", "banana", "animal", "cat"))
	legs, err := Expand(m)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range legs {
		got = append(got, LegName("job", c))
	}
	want := "job (apple, cat)|job (apple, dog)|job (pear, cat)|job (pear, dog)|job (banana)|job (banana, cat)"
	if strings.Join(got, "|") != want {
		t.Errorf("names = %q; want %q", strings.Join(got, "|"), want)
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{12, "12"},
		{14.5, "14.5"},
		{0.1, "0.1"},
		{1.0 / 3, "0.333333333333333"},
		{0.0001, "0.0001"},
		{0.00001, "1E-05"},
		{1e14, "100000000000000"},
		{1e15, "1E+15"},
		{123456789012345678, "1.23456789012346E+17"},
		{-2.5e-7, "-2.5E-07"},
		{1e100, "1E+100"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
		{math.NaN(), "NaN"},
	}
	for _, tt := range tests {
		if got := expr.FormatNumber(tt.f); got != tt.want {
			t.Errorf("FormatNumber(%v) = %q; want %q", tt.f, got, tt.want)
		}
	}
}
