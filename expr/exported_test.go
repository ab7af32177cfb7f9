package expr

import (
	"math"
	"testing"
)

// TestEqualAsMatrixFiltersUseIt: the cases the matrix package relies on
// when it matches include and exclude entries.
func TestEqualAsMatrixFiltersUseIt(t *testing.T) {
	obj := map[string]any{}
	tests := []struct {
		a, b any
		want bool
	}{
		{12.0, 12.0, true},
		{12.0, "12", true},
		{"12", 12.0, true},
		{"12.0", 12.0, true},
		{" 0x0C ", 12.0, true},
		{"12", "12.0", false}, // two strings compare as strings
		{"ubuntu-latest", "Ubuntu-Latest", true},
		{"a", "b", false},
		{nil, nil, true},
		{nil, "", true},
		{nil, 0.0, true},
		{nil, false, true},
		{nil, "a", false},
		{true, 1.0, true},
		{true, "1", true},
		{true, "true", false},
		{false, "", true},
		{true, true, true},
		{true, false, false},
		{math.NaN(), math.NaN(), false},
		{"abc", math.NaN(), false},
		{obj, obj, true}, // the same instance
		{obj, nil, false},
		{[]any{}, "", false},
		{[]any{}, 0.0, false},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%#v, %#v) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
		if got := Equal(tt.b, tt.a); got != tt.want {
			t.Errorf("Equal(%#v, %#v) = %v; want %v (reversed)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestParseNumberCases(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		s    string
		want float64
	}{
		{"", 0},
		{"  ", 0},
		{"12", 12},
		{" -12.5 ", -12.5},
		{"+3", 3},
		{".5", 0.5},
		{"5.", 5},
		{"1e3", 1000},
		{"1E-3", 0.001},
		{"1e400", math.Inf(1)},
		{"0x1F", 31},
		{"0xffffffff", -1},
		{"0x100000000", nan},
		{"0X1F", nan},
		{"0o17", 15},
		{"0o8", nan},
		{"Infinity", math.Inf(1)},
		{"-Infinity", math.Inf(-1)},
		{"inf", nan},
		{"nan", nan},
		{"1_000", nan},
		{"0x1p3", nan},
		{"e5", nan},
		{"1e", nan},
		{".", nan},
		{"-", nan},
		{"12px", nan},
	}
	for _, tt := range tests {
		got := ParseNumber(tt.s)
		if got != tt.want && !(math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("parseNumber(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}

func TestStatusAware(t *testing.T) {
	for cond, want := range map[string]bool{
		"":                                  false,
		"github.ref == 'refs/heads/main'":   false,
		"${{ always() }}":                   true,
		"failure() && github.event_name":    true,
		"${{ !cancelled() }}":               true,
		"contains(github.ref, 'success()')": false,
		"Success()":                         true,
	} {
		p, err := CompileCondition(cond)
		if err != nil {
			t.Fatalf("%q: %v", cond, err)
		}
		if p.StatusAware() != want {
			t.Errorf("StatusAware(%q) = %v, want %v", cond, p.StatusAware(), want)
		}
	}
}
