package matrix

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// e is an entry of a leg; x is one an include merged in.
func e(k string, v any) Entry { return Entry{Key: k, Value: v} }
func x(k string, v any) Entry { return Entry{Key: k, Value: v, Extra: true} }

// ax builds an axis from its values.
func ax(name string, values ...any) Axis { return Axis{Name: name, Values: values} }

// row builds an include or exclude entry from key/value pairs, and its keys
// in the order given.
func row(kv ...any) (map[string]any, []string) {
	m := map[string]any{}
	var keys []string
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
		keys = append(keys, kv[i].(string))
	}
	return m, keys
}

// withInclude adds include entries to m, keeping their written key order.
func withInclude(m Matrix, rows ...[]any) Matrix {
	for _, r := range rows {
		mm, keys := row(r...)
		m.Include = append(m.Include, mm)
		m.IncludeKeys = append(m.IncludeKeys, keys)
	}
	return m
}

// withExclude adds exclude entries to m.
func withExclude(m Matrix, rows ...[]any) Matrix {
	for _, r := range rows {
		mm, _ := row(r...)
		m.Exclude = append(m.Exclude, mm)
	}
	return m
}

func kv(pairs ...any) []any { return pairs }

// TestExpandDocs encodes every example of GitHub's matrix documentation
// ("Running variations of jobs in a workflow", and the older "Using a build
// matrix" section of the workflow syntax) with its documented result.
func TestExpandDocs(t *testing.T) {
	tests := []struct {
		what   string
		matrix Matrix
		want   []Combination
	}{
		{
			what:   "single-dimension: version [10, 12, 14] runs three jobs",
			matrix: Matrix{Axes: []Axis{ax("version", 10.0, 12.0, 14.0)}},
			want: []Combination{
				{e("version", 10.0)}, {e("version", 12.0)}, {e("version", 14.0)},
			},
		},
		{
			what: "the order of the variables decides the order of the jobs",
			matrix: Matrix{Axes: []Axis{
				ax("version", 10.0, 12.0, 14.0),
				ax("os", "ubuntu-latest", "windows-latest"),
			}},
			want: []Combination{
				{e("version", 10.0), e("os", "ubuntu-latest")},
				{e("version", 10.0), e("os", "windows-latest")},
				{e("version", 12.0), e("os", "ubuntu-latest")},
				{e("version", 12.0), e("os", "windows-latest")},
				{e("version", 14.0), e("os", "ubuntu-latest")},
				{e("version", 14.0), e("os", "windows-latest")},
			},
		},
		{
			what: "multi-dimension: two operating systems by three versions",
			matrix: Matrix{Axes: []Axis{
				ax("os", "ubuntu-22.04", "ubuntu-20.04"),
				ax("version", 10.0, 12.0, 14.0),
			}},
			want: []Combination{
				{e("os", "ubuntu-22.04"), e("version", 10.0)},
				{e("os", "ubuntu-22.04"), e("version", 12.0)},
				{e("os", "ubuntu-22.04"), e("version", 14.0)},
				{e("os", "ubuntu-20.04"), e("version", 10.0)},
				{e("os", "ubuntu-20.04"), e("version", 12.0)},
				{e("os", "ubuntu-20.04"), e("version", 14.0)},
			},
		},
		{
			what: "a variable may be a list of objects",
			matrix: Matrix{Axes: []Axis{
				ax("os", "ubuntu-latest", "macos-latest"),
				ax("node",
					map[string]any{"version": 14.0},
					map[string]any{"version": 20.0, "env": "NODE_OPTIONS=--openssl-legacy-provider"}),
			}},
			want: []Combination{
				{e("os", "ubuntu-latest"), e("node", map[string]any{"version": 14.0})},
				{e("os", "ubuntu-latest"), e("node", map[string]any{"version": 20.0, "env": "NODE_OPTIONS=--openssl-legacy-provider"})},
				{e("os", "macos-latest"), e("node", map[string]any{"version": 14.0})},
				{e("os", "macos-latest"), e("node", map[string]any{"version": 20.0, "env": "NODE_OPTIONS=--openssl-legacy-provider"})},
			},
		},
		{
			what: "expanding: include adds npm 6 to the windows-latest, node 16 job only",
			matrix: withInclude(Matrix{Axes: []Axis{
				ax("os", "windows-latest", "ubuntu-latest"),
				ax("node", 12.0, 14.0, 16.0),
			}}, kv("os", "windows-latest", "node", 16.0, "npm", 6.0)),
			want: []Combination{
				{e("os", "windows-latest"), e("node", 12.0)},
				{e("os", "windows-latest"), e("node", 14.0)},
				{e("os", "windows-latest"), e("node", 16.0), x("npm", 6.0)},
				{e("os", "ubuntu-latest"), e("node", 12.0)},
				{e("os", "ubuntu-latest"), e("node", 14.0)},
				{e("os", "ubuntu-latest"), e("node", 16.0)},
			},
		},
		{
			what: "adding: include of windows-latest, version 17 makes a tenth job",
			matrix: withInclude(Matrix{Axes: []Axis{
				ax("os", "macos-latest", "windows-latest", "ubuntu-latest"),
				ax("version", 12.0, 14.0, 16.0),
			}}, kv("os", "windows-latest", "version", 17.0)),
			want: []Combination{
				{e("os", "macos-latest"), e("version", 12.0)},
				{e("os", "macos-latest"), e("version", 14.0)},
				{e("os", "macos-latest"), e("version", 16.0)},
				{e("os", "windows-latest"), e("version", 12.0)},
				{e("os", "windows-latest"), e("version", 14.0)},
				{e("os", "windows-latest"), e("version", 16.0)},
				{e("os", "ubuntu-latest"), e("version", 12.0)},
				{e("os", "ubuntu-latest"), e("version", 14.0)},
				{e("os", "ubuntu-latest"), e("version", 16.0)},
				{e("os", "windows-latest"), e("version", 17.0)},
			},
		},
		{
			what: "include only: each include entry is a job",
			matrix: withInclude(Matrix{},
				kv("site", "production", "datacenter", "site-a"),
				kv("site", "staging", "datacenter", "site-b")),
			want: []Combination{
				{e("site", "production"), e("datacenter", "site-a")},
				{e("site", "staging"), e("datacenter", "site-b")},
			},
		},
		{
			what: "the documented fruit, animal, color, shape example",
			matrix: withInclude(Matrix{Axes: []Axis{
				ax("fruit", "apple", "pear"),
				ax("animal", "cat", "dog"),
			}},
				kv("color", "green"),
				kv("color", "pink", "animal", "cat"),
				kv("fruit", "apple", "shape", "circle"),
				kv("fruit", "banana"),
				kv("fruit", "banana", "animal", "cat")),
			want: []Combination{
				{e("fruit", "apple"), e("animal", "cat"), x("color", "pink"), x("shape", "circle")},
				{e("fruit", "apple"), e("animal", "dog"), x("color", "green"), x("shape", "circle")},
				{e("fruit", "pear"), e("animal", "cat"), x("color", "pink")},
				{e("fruit", "pear"), e("animal", "dog"), x("color", "green")},
				{e("fruit", "banana")},
				{e("fruit", "banana"), e("animal", "cat")},
			},
		},
		{
			what: "seven jobs: five perl versions on ubuntu and two on macos",
			matrix: withInclude(Matrix{Axes: []Axis{
				ax("os", "ubuntu-latest"),
				ax("perl", "5.16", "5.20", "5.26", "5.30", "latest"),
			}},
				kv("os", "macos-latest", "perl", "5.26"),
				kv("os", "macos-latest", "perl", "latest")),
			want: []Combination{
				{e("os", "ubuntu-latest"), e("perl", "5.16")},
				{e("os", "ubuntu-latest"), e("perl", "5.20")},
				{e("os", "ubuntu-latest"), e("perl", "5.26")},
				{e("os", "ubuntu-latest"), e("perl", "5.30")},
				{e("os", "ubuntu-latest"), e("perl", "latest")},
				{e("os", "macos-latest"), e("perl", "5.26")},
				{e("os", "macos-latest"), e("perl", "latest")},
			},
		},
		{
			what: "exclude: nine of twelve jobs; a partial entry removes two",
			matrix: withExclude(Matrix{Axes: []Axis{
				ax("os", "macos-latest", "windows-latest"),
				ax("version", 12.0, 14.0, 16.0),
				ax("environment", "staging", "production"),
			}},
				kv("os", "macos-latest", "version", 12.0, "environment", "production"),
				kv("os", "windows-latest", "version", 16.0)),
			want: []Combination{
				{e("os", "macos-latest"), e("version", 12.0), e("environment", "staging")},
				{e("os", "macos-latest"), e("version", 14.0), e("environment", "staging")},
				{e("os", "macos-latest"), e("version", 14.0), e("environment", "production")},
				{e("os", "macos-latest"), e("version", 16.0), e("environment", "staging")},
				{e("os", "macos-latest"), e("version", 16.0), e("environment", "production")},
				{e("os", "windows-latest"), e("version", 12.0), e("environment", "staging")},
				{e("os", "windows-latest"), e("version", 12.0), e("environment", "production")},
				{e("os", "windows-latest"), e("version", 14.0), e("environment", "staging")},
				{e("os", "windows-latest"), e("version", 14.0), e("environment", "production")},
			},
		},
		{
			what: "older docs: include adds npm 6 to windows-latest with node 8",
			matrix: withInclude(Matrix{Axes: []Axis{
				ax("os", "macos-latest", "windows-latest"),
				ax("node", 8.0, 10.0),
			}}, kv("os", "windows-latest", "node", 8.0, "npm", 6.0)),
			want: []Combination{
				{e("os", "macos-latest"), e("node", 8.0)},
				{e("os", "macos-latest"), e("node", 10.0)},
				{e("os", "windows-latest"), e("node", 8.0), x("npm", 6.0)},
				{e("os", "windows-latest"), e("node", 10.0)},
			},
		},
		{
			what: "older docs: include adds an experimental node 15 job on ubuntu",
			matrix: withInclude(Matrix{Axes: []Axis{
				ax("node", 14.0),
				ax("os", "macos-latest", "windows-latest", "ubuntu-18.04"),
			}}, kv("node", 15.0, "os", "ubuntu-18.04", "experimental", true)),
			want: []Combination{
				{e("node", 14.0), e("os", "macos-latest")},
				{e("node", 14.0), e("os", "windows-latest")},
				{e("node", 14.0), e("os", "ubuntu-18.04")},
				{e("node", 15.0), e("os", "ubuntu-18.04"), e("experimental", true)},
			},
		},
		{
			what: "older docs: exclude node 8 on macOS",
			matrix: withExclude(Matrix{Axes: []Axis{
				ax("os", "macos-latest", "windows-latest"),
				ax("node", 8.0, 10.0),
			}}, kv("os", "macos-latest", "node", 8.0)),
			want: []Combination{
				{e("os", "macos-latest"), e("node", 10.0)},
				{e("os", "windows-latest"), e("node", 8.0)},
				{e("os", "windows-latest"), e("node", 10.0)},
			},
		},
		{
			what: "include runs after exclude, so it can add back an excluded job",
			matrix: withInclude(withExclude(Matrix{Axes: []Axis{
				ax("os", "macos-latest", "windows-latest"),
				ax("node", 8.0, 10.0),
			}}, kv("os", "macos-latest")),
				kv("os", "macos-latest", "node", 10.0)),
			want: []Combination{
				{e("os", "windows-latest"), e("node", 8.0)},
				{e("os", "windows-latest"), e("node", 10.0)},
				{e("os", "macos-latest"), e("node", 10.0)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			got, err := Expand(tt.matrix)
			if err != nil {
				t.Fatalf("Expand: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Expand (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExpandServer covers what the docs leave to GitHub's MatrixBuilder.
func TestExpandServer(t *testing.T) {
	node14 := map[string]any{"version": 14.0}
	node20 := map[string]any{"version": 20.0, "env": "X"}
	nodes := Matrix{Axes: []Axis{ax("os", "linux", "windows"), ax("node", node14, node20)}}
	tests := []struct {
		what   string
		matrix Matrix
		want   []Combination
	}{
		{
			what:   "no matrix is one empty combination",
			matrix: Matrix{},
			want:   []Combination{{}},
		},
		{
			what:   "integers are read as float64",
			matrix: Matrix{Axes: []Axis{{Name: "v", Values: []any{12, int64(14), []any{uint8(1)}}}}},
			want:   []Combination{{e("v", 12.0)}, {e("v", 14.0)}, {e("v", []any{1.0})}},
		},
		{
			what:   "exclude compares objects by their leaves, partially",
			matrix: withExclude(nodes, kv("node", map[string]any{"version": 20.0})),
			want: []Combination{
				{e("os", "linux"), e("node", node14)},
				{e("os", "windows"), e("node", node14)},
			},
		},
		{
			what:   "an exclude leaf the object lacks compares null",
			matrix: withExclude(nodes, kv("node", map[string]any{"env": nil})),
			want: []Combination{
				{e("os", "linux"), e("node", node20)},
				{e("os", "windows"), e("node", node20)},
			},
		},
		{
			what:   "an empty object in an exclude entry matches every value",
			matrix: withExclude(nodes, kv("os", "linux", "node", map[string]any{})),
			want: []Combination{
				{e("os", "windows"), e("node", node14)},
				{e("os", "windows"), e("node", node20)},
			},
		},
		{
			what:   "include matches an object partially and keeps the axis' own value",
			matrix: withInclude(nodes, kv("node", map[string]any{"VERSION": "20"}, "lts", true)),
			want: []Combination{
				{e("os", "linux"), e("node", node14)},
				{e("os", "linux"), e("node", node20), x("lts", true)},
				{e("os", "windows"), e("node", node14)},
				{e("os", "windows"), e("node", node20), x("lts", true)},
			},
		},
		{
			what:   "an include object with a leaf the axis value lacks adds a leg",
			matrix: withInclude(nodes, kv("os", "linux", "node", map[string]any{"version": 14.0, "env": "Y"})),
			want: []Combination{
				{e("os", "linux"), e("node", node14)},
				{e("os", "linux"), e("node", node20)},
				{e("os", "windows"), e("node", node14)},
				{e("os", "windows"), e("node", node20)},
				{e("os", "linux"), e("node", map[string]any{"version": 14.0, "env": "Y"})},
			},
		},
		{
			what: "lists in a filter match by position, partially",
			matrix: withExclude(Matrix{Axes: []Axis{
				ax("labels", []any{"self-hosted", "gpu"}, []any{"self-hosted", "arm"}),
			}}, kv("labels", []any{map[string]any{}, "GPU"})),
			want: []Combination{{e("labels", []any{"self-hosted", "arm"})}},
		},
		{
			what: "matching uses the expression ==: case-insensitive, '12' == 12, null == ''",
			matrix: withExclude(Matrix{Axes: []Axis{ax("a", "a", "b", "", nil, 12.0, "x")}},
				kv("A", "A"), kv("A", nil), kv("a", "12")),
			want: []Combination{{e("a", "b")}, {e("a", "x")}},
		},
		{
			what: "an include key that is an axis in another case filters on it",
			matrix: withInclude(Matrix{Axes: []Axis{ax("os", "linux", "windows")}},
				kv("OS", "Windows", "arch", "x64")),
			want: []Combination{{e("os", "linux")}, {e("os", "windows"), x("arch", "x64")}},
		},
		{
			what: "a later include overwrites an extra value in place, keeping the first spelling",
			matrix: withInclude(Matrix{Axes: []Axis{ax("os", "linux", "windows")}},
				kv("color", "green", "size", 1.0),
				kv("os", "windows", "Color", "pink")),
			want: []Combination{
				{e("os", "linux"), x("color", "green"), x("size", 1.0)},
				{e("os", "windows"), x("color", "pink"), x("size", 1.0)},
			},
		},
		{
			what: "an include that matches only excluded legs is added on its own, axis keys first",
			matrix: withInclude(withExclude(Matrix{Axes: []Axis{ax("os", "linux", "windows")}},
				kv("os", "windows")),
				kv("npm", 6.0, "os", "windows")),
			want: []Combination{{e("os", "linux")}, {e("os", "windows"), e("npm", 6.0)}},
		},
		{
			what: "an include without axis keys is added on its own when every leg is excluded",
			matrix: withInclude(withExclude(Matrix{Axes: []Axis{ax("os", "linux")}},
				kv("os", "linux")),
				kv("color", "green")),
			want: []Combination{{e("color", "green")}},
		},
		{
			what: "include keys are taken in sorted order without IncludeKeys",
			matrix: Matrix{
				Axes:    []Axis{ax("os", "linux")},
				Include: []map[string]any{{"z": 1.0, "os": "mac", "a": 2.0}},
			},
			want: []Combination{{e("os", "linux")}, {e("os", "mac"), e("a", 2.0), e("z", 1.0)}},
		},
		{
			what: "a matrix whose every leg is excluded runs once, as no matrix",
			matrix: withExclude(Matrix{Axes: []Axis{ax("os", "linux", "mac"), ax("v", 1.0)}},
				kv("v", "1")),
			want: []Combination{{}},
		},
		{
			what:   "exactly 256 legs is allowed",
			matrix: Matrix{Axes: []Axis{ax("a", seq(16)...), ax("b", seq(16)...)}},
			want:   product16x16(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			got, err := Expand(tt.matrix)
			if err != nil {
				t.Fatalf("Expand: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Expand (-want +got):\n%s", diff)
			}
		})
	}
}

// seq returns the numbers 0 to n-1 as values.
func seq(n int) []any {
	s := make([]any, n)
	for i := range s {
		s[i] = float64(i)
	}
	return s
}

// manyAxes returns n axes of two values each.
func manyAxes(n int) []Axis {
	axes := make([]Axis, n)
	for i := range axes {
		axes[i] = ax(fmt.Sprint("a", i), true, false)
	}
	return axes
}

func product16x16() []Combination {
	var cs []Combination
	for a := range 16 {
		for b := range 16 {
			cs = append(cs, Combination{e("a", float64(a)), e("b", float64(b))})
		}
	}
	return cs
}

func TestExpandErrors(t *testing.T) {
	tests := []struct {
		what   string
		matrix Matrix
		want   Error
	}{
		{
			what:   "257 legs from the product",
			matrix: Matrix{Axes: []Axis{ax("a", seq(257)...)}},
			want:   Error{Part: PartMatrix, Jobs: 257, Msg: "matrix produces 257 jobs, more than the 256 GitHub allows"},
		},
		{
			what:   "256 legs and one include of its own",
			matrix: withInclude(Matrix{Axes: []Axis{ax("a", seq(16)...), ax("b", seq(16)...)}}, kv("a", 99.0)),
			want:   Error{Part: PartMatrix, Jobs: 257, Msg: "matrix produces 257 jobs, more than the 256 GitHub allows"},
		},
		{
			what:   "300 legs less 20 excluded",
			matrix: withExclude(Matrix{Axes: []Axis{ax("a", seq(15)...), ax("b", seq(20)...)}}, kv("a", 0.0)),
			want:   Error{Part: PartMatrix, Jobs: 280, Msg: "matrix produces 280 jobs, more than the 256 GitHub allows"},
		},
		{
			what:   "a product too large to walk, with nothing excluded, is still counted",
			matrix: withInclude(Matrix{Axes: []Axis{ax("a", seq(300)...), ax("b", seq(300)...)}}, kv("a", 1.0, "b", -1.0), kv("a", 2.0, "x", 1.0)),
			want:   Error{Part: PartMatrix, Jobs: 90001, Msg: "matrix produces 90001 jobs, more than the 256 GitHub allows"},
		},
		{
			what:   "a product too large to count",
			matrix: Matrix{Axes: manyAxes(64)},
			want:   Error{Part: PartMatrix, Jobs: math.MaxInt, Msg: "matrix produces more jobs than can be counted, more than the 256 GitHub allows"},
		},
		{
			what:   "a product too large to walk, with excludes",
			matrix: withExclude(Matrix{Axes: []Axis{ax("a", seq(300)...), ax("b", seq(300)...)}}, kv("a", 1.0)),
			want:   Error{Part: PartMatrix, Msg: "matrix has 90000 combinations before exclude, more than the 65536 gantry will expand"},
		},
		{
			what:   "an axis without values",
			matrix: Matrix{Axes: []Axis{ax("os", "linux"), {Name: "node", Values: []any{}}}},
			want:   Error{Part: PartAxis, Axis: "node", Msg: "matrix vector 'node' does not contain any values"},
		},
		{
			what:   "two axes that differ only in case",
			matrix: Matrix{Axes: []Axis{ax("os", "linux"), ax("OS", "mac")}},
			want:   Error{Part: PartAxis, Axis: "OS", Msg: "matrix vectors 'os' and 'OS' name the same variable (matrix keys ignore case)"},
		},
		{
			what:   "a value that is not JSON-like",
			matrix: Matrix{Axes: []Axis{ax("os", struct{}{})}},
			want:   Error{Part: PartAxis, Axis: "os", Msg: "matrix vector 'os': unsupported value of type struct {}"},
		},
		{
			what:   "an empty include entry",
			matrix: Matrix{Axes: []Axis{ax("os", "linux")}, Include: []map[string]any{{"a": 1.0}, {}}},
			want:   Error{Part: PartInclude, Index: 1, Msg: "matrix include entry #2: the mapping does not contain any values"},
		},
		{
			what:   "an include entry with keys that differ only in case",
			matrix: Matrix{Axes: []Axis{ax("os", "linux")}, Include: []map[string]any{{"a": 1.0, "A": 2.0}}},
			want:   Error{Part: PartInclude, Index: 0, Key: "a", Msg: "matrix include entry #1: keys 'A' and 'a' name the same variable (matrix keys ignore case)"},
		},
		{
			what:   "IncludeKeys not as long as Include",
			matrix: Matrix{Include: []map[string]any{{"a": 1.0}}, IncludeKeys: [][]string{{"a"}, {"b"}}},
			want:   Error{Part: PartMatrix, Msg: "matrix IncludeKeys has 2 entries for 1 include entries"},
		},
		{
			what:   "IncludeKeys naming a key the entry lacks",
			matrix: Matrix{Include: []map[string]any{{"a": 1.0}}, IncludeKeys: [][]string{{"b"}}},
			want:   Error{Part: PartInclude, Msg: "matrix include entry #1: IncludeKeys names 'b', which the entry does not have"},
		},
		{
			what:   "IncludeKeys missing a key",
			matrix: Matrix{Include: []map[string]any{{"a": 1.0, "b": 2.0}}, IncludeKeys: [][]string{{"b"}}},
			want:   Error{Part: PartInclude, Msg: "matrix include entry #1: IncludeKeys names 1 of the entry's 2 keys"},
		},
		{
			what:   "an empty exclude entry",
			matrix: Matrix{Axes: []Axis{ax("os", "linux")}, Exclude: []map[string]any{{}}},
			want:   Error{Part: PartExclude, Msg: "matrix exclude entry #1: the filter must not be empty"},
		},
		{
			what:   "an exclude key that is not an axis",
			matrix: withExclude(Matrix{Axes: []Axis{ax("os", "linux")}}, kv("os", "linux"), kv("build", false)),
			want:   Error{Part: PartExclude, Index: 1, Key: "build", Msg: "matrix exclude entry #2: key 'build' does not match any key within the matrix"},
		},
		{
			what:   "an exclude key naming a key only an include adds",
			matrix: withExclude(withInclude(Matrix{}, kv("service", "a", "build", false)), kv("build", false)),
			want:   Error{Part: PartExclude, Key: "build", Msg: "matrix exclude entry #1: key 'build' does not match any key within the matrix"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			got, err := Expand(tt.matrix)
			var me *Error
			if !errors.As(err, &me) {
				t.Fatalf("Expand = %v, %v; want error %q", got, err, tt.want.Msg)
			}
			if diff := cmp.Diff(tt.want, *me); diff != "" {
				t.Errorf("Expand error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExpandCountShortcut checks that counting a product too large to walk
// agrees with walking it.
func TestExpandCountShortcut(t *testing.T) {
	m := withInclude(Matrix{Axes: []Axis{
		ax("os", "linux", "mac", "windows"),
		ax("node", map[string]any{"v": 14.0}, map[string]any{"v": 16.0, "lts": true}),
		ax("n", seq(50)...),
	}},
		kv("color", "green"),
		kv("os", "LINUX", "node", map[string]any{"lts": "true"}),
		kv("os", "linux", "node", map[string]any{"v": "16"}),
		kv("os", "bsd"),
		kv("n", 3.0, "node", map[string]any{"v": 15.0}))
	walked, errWalk := expand(m, maxProduct)
	counted, errCount := expand(m, 1)
	var a, b *Error
	if !errors.As(errWalk, &a) || !errors.As(errCount, &b) {
		t.Fatalf("want two errors, got %v (%d legs), %v (%d legs)", errWalk, len(walked), errCount, len(counted))
	}
	if a.Jobs != 300+3 || b.Jobs != a.Jobs {
		t.Errorf("walked count %d, shortcut count %d; want 303 both", a.Jobs, b.Jobs)
	}
}

func TestIsZero(t *testing.T) {
	if !(Matrix{}).IsZero() {
		t.Error("Matrix{}.IsZero() = false")
	}
	if (Matrix{Exclude: []map[string]any{{"a": 1.0}}}).IsZero() {
		t.Error("a matrix with only an exclude entry is zero")
	}
	if _, err := Expand(Matrix{Exclude: []map[string]any{{"a": 1.0}}}); err == nil {
		t.Error("Expand of a matrix with only an exclude entry succeeded")
	}
}

func TestCombination(t *testing.T) {
	c := Combination{e("os", "linux"), x("Npm", 6.0)}
	if diff := cmp.Diff(map[string]any{"os": "linux", "Npm": 6.0}, c.Map()); diff != "" {
		t.Errorf("Map (-want +got):\n%s", diff)
	}
	if v, ok := c.Get("npm"); !ok || v != 6.0 {
		t.Errorf("Get(npm) = %v, %v; want 6, true", v, ok)
	}
	if v, ok := c.Get("OS"); !ok || v != "linux" {
		t.Errorf("Get(OS) = %v, %v; want linux, true", v, ok)
	}
	if _, ok := c.Get("arch"); ok {
		t.Error("Get(arch) found a value")
	}
	if m := Combination(nil).Map(); m == nil || len(m) != 0 {
		t.Errorf("nil Map() = %#v; want an empty map", m)
	}
}
