package expr

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFormatNumber pins the runner's number formatting: .NET
// Double.ToString("G15", InvariantCulture).
func TestFormatNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{1, "1"},
		{-1, "-1"},
		{42, "42"},
		{1.5, "1.5"},
		{0.1, "0.1"},
		{0.1 + 0.2, "0.3"},
		{1.0 / 3, "0.333333333333333"},
		{2.0 / 3, "0.666666666666667"},
		{100, "100"},
		{1e14, "100000000000000"},
		{999999999999999, "999999999999999"},
		{1e15, "1E+15"},
		{1234567890123456, "1.23456789012346E+15"},
		{123456789012345678, "1.23456789012346E+17"},
		{9007199254740993, "9.00719925474099E+15"},
		{1e21, "1E+21"},
		{1.5e300, "1.5E+300"},
		{math.MaxFloat64, "1.79769313486232E+308"},
		{0.0001, "0.0001"},
		{0.00012345, "0.00012345"},
		{0.00001, "1E-05"},
		{0.000012345, "1.2345E-05"},
		{1e-7, "1E-07"},
		{-2.5e-10, "-2.5E-10"},
		{5e-324, "4.94065645841247E-324"},
		{3.141592653589793, "3.14159265358979"},
		{12345678.9, "12345678.9"},
		{-9.2, "-9.2"},
		{711, "711"},
		{255, "255"},
		{0.5, "0.5"},
		{1.25, "1.25"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, tc := range tests {
		if got := FormatNumber(tc.in); got != tc.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestParseNumber pins the runner's string to number conversion
// (ExpressionUtility.ParseNumber).
func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"", 0},
		{"   ", 0},
		{"0", 0},
		{"42", 42},
		{" 42 ", 42},
		{"\t-1.5\n", -1.5},
		{"+3", 3},
		{".5", 0.5},
		{"5.", 5},
		{"1e3", 1000},
		{"1E-2", 0.01},
		{"-2.99e-2", -0.0299},
		{"1e400", math.Inf(1)},
		{"0x1F", 31},
		{"0xff", 255},
		{"0xFFFFFFFF", -1},
		{"0x7FFFFFFF", 2147483647},
		{"0o17", 15},
		{"Infinity", math.Inf(1)},
		{"-Infinity", math.Inf(-1)},
		{"infinity", math.Inf(1)},
		{"abc", math.NaN()},
		{"1a", math.NaN()},
		{"0X1F", math.NaN()},
		{"0x", math.NaN()},
		{"0x100000000", math.NaN()},
		{"-0x1", math.NaN()},
		{"0o8", math.NaN()},
		{"1e", math.NaN()},
		{".", math.NaN()},
		{"1_000", math.NaN()},
		{"0x1p3", math.NaN()},
		{"1,5", math.NaN()},
		{"true", math.NaN()},
		{"NaN", math.NaN()},
	}
	for _, tc := range tests {
		got := parseNumber(tc.in)
		if diff := cmp.Diff(tc.want, got, cmpOpts...); diff != "" {
			t.Errorf("parseNumber(%q): (-want +got)\n%s", tc.in, diff)
		}
	}
}

func TestTruthy(t *testing.T) {
	tests := []struct {
		in   any
		want bool
	}{
		{nil, false},
		{false, false},
		{true, true},
		{0.0, false},
		{math.Copysign(0, -1), false},
		{math.NaN(), false},
		{1.0, true},
		{-1.0, true},
		{"", false},
		{"0", true},
		{"false", true},
		{[]any{}, true},
		{map[string]any{}, true},
		{0, false},
		{int64(2), true},
		{filteredArray{}, true},
	}
	for _, tc := range tests {
		if got := Truthy(tc.in); got != tc.want {
			t.Errorf("Truthy(%#v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestToString(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{nil, ""},
		{true, "true"},
		{false, "false"},
		{1.0, "1"},
		{0.1, "0.1"},
		{1e15, "1E+15"},
		{3, "3"},
		{int64(-7), "-7"},
		{float32(1.5), "1.5"},
		{"text", "text"},
		{[]any{1.0, "a"}, "[\n  1,\n  \"a\"\n]"},
		{map[string]any{"k": true}, "{\n  \"k\": true\n}"},
		{[]string{"x"}, "[\n  \"x\"\n]"},
		{map[string]string{"A": "b"}, "{\n  \"A\": \"b\"\n}"},
	}
	for _, tc := range tests {
		if got := ToString(tc.in); got != tc.want {
			t.Errorf("ToString(%#v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestToJSON(t *testing.T) {
	tests := []struct {
		what string
		in   any
		want string
	}{
		{"null", nil, "null"},
		{"number", 2.5, "2.5"},
		{"large number as the runner prints it", 1e15, "1E+15"},
		{"empty object", map[string]any{}, "{}"},
		{"empty array", []any{}, "[]"},
		{"sorted keys", map[string]any{"b": 1.0, "a": 2.0}, "{\n  \"a\": 2,\n  \"b\": 1\n}"},
		{"nested", map[string]any{"a": []any{map[string]any{}, []any{}, nil}},
			"{\n  \"a\": [\n    {},\n    [],\n    null\n  ]\n}"},
		{"deep", []any{[]any{[]any{"x"}}}, "[\n  [\n    [\n      \"x\"\n    ]\n  ]\n]"},
		{"escapes", "q\" b\\ \b\f\n\r\t", `"q\" b\\ \b\f\n\r\t"`},
		{"control characters", "\x00\x01\x1f\x7f", `"\u0000\u0001\u001f` + "\x7f" + `"`},
		{"unicode separators", "\u0085\u2028\u2029", `"\u0085\u2028\u2029"`},
		{"not escaped", "<>&'/é😀", `"<>&'/é😀"`},
		{"invalid utf-8", "a\xffb", "\"a\ufffdb\""},
		{"key escaped", map[string]any{"a\"b": "c"}, "{\n  \"a\\\"b\": \"c\"\n}"},
		{"int values", map[string]any{"n": 3}, "{\n  \"n\": 3\n}"},
		{"unknown type", struct{}{}, "{}"},
	}
	for _, tc := range tests {
		if got := ToJSON(tc.in); got != tc.want {
			t.Errorf("%s: ToJSON = %q, want %q", tc.what, got, tc.want)
		}
	}
}

func TestToJSONCycle(t *testing.T) {
	m := map[string]any{}
	m["self"] = m
	if s := ToJSON(m); len(s) == 0 {
		t.Error("empty output")
	}
}

func TestFromJSON(t *testing.T) {
	v, err := fromJSON(`{"a": [1, 2.5, "x", true, null, {"b": {}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": []any{1.0, 2.5, "x", true, nil, map[string]any{"b": map[string]any{}}}}
	if diff := cmp.Diff(want, v); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	for _, bad := range []string{"", " ", "{", "[1,]", "'a'", "{a:1}"} {
		if _, err := fromJSON(bad); err == nil {
			t.Errorf("fromJSON(%q): no error", bad)
		}
	}
}

func TestLooseEqualOrdering(t *testing.T) {
	arr := []any{1.0}
	obj := map[string]any{}
	if !looseEqual(arr, arr) || !looseEqual(obj, obj) {
		t.Error("same instance not equal")
	}
	if looseEqual([]any{}, []any{}) || looseEqual(map[string]any{}, map[string]any{}) {
		t.Error("distinct instances equal")
	}
	if looseEqual(arr, obj) {
		t.Error("array equals object")
	}
	if !looseLess("a", "B") || !looseGreater("b", "A") || looseLess("A", "a") {
		t.Error("ignore-case ordering")
	}
	// Characters outside the BMP sort after surrogates as UTF-16 code units.
	if !looseLess("\U00010000", "\uE000") {
		t.Error("UTF-16 ordering")
	}
	if !looseEqual("straße", "STRAßE") {
		t.Error("non-ASCII equality")
	}
}
