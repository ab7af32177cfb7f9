package matrix

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// bench256 is a 4x4x4x4 matrix whose exclude removes 16 legs and whose
// include entries extend legs and add 16 back: 256 legs, with every rule at
// work.
func bench256() Matrix {
	var axes []Axis
	for _, name := range []string{"os", "node", "arch", "flavor"} {
		var values []any
		for i := range 4 {
			values = append(values, fmt.Sprintf("%s-%d", name, i))
		}
		axes = append(axes, Axis{Name: name, Values: values})
	}
	m := withExclude(Matrix{Axes: axes}, kv("os", "os-0", "node", "node-0"))
	m = withInclude(m,
		kv("color", "green"),
		kv("os", "os-1", "color", "pink", "shape", "circle"),
		kv("arch", "ARCH-2", "flavor", "flavor-3", "experimental", true))
	for i := range 16 {
		m = withInclude(m, kv("os", "os-0", "node", "node-0", "arch", fmt.Sprint(i)))
	}
	return m
}

func TestBench256(t *testing.T) {
	legs, err := Expand(bench256())
	if err != nil {
		t.Fatal(err)
	}
	if len(legs) != MaxCombinations {
		t.Fatalf("%d legs; want %d", len(legs), MaxCombinations)
	}
	want := Combination{
		e("os", "os-1"), e("node", "node-0"), e("arch", "arch-2"), e("flavor", "flavor-3"),
		x("color", "pink"), x("shape", "circle"), x("experimental", true),
	}
	first := Combination{e("os", "os-0"), e("node", "node-1"), e("arch", "arch-0"), e("flavor", "flavor-0"), x("color", "green")}
	if diff := cmp.Diff(first, legs[0]); diff != "" {
		t.Errorf("first leg (-want +got):\n%s", diff)
	}
	found := false
	for _, c := range legs {
		if LegName("j", c) == "j (os-1, node-0, arch-2, flavor-3)" {
			found = true
			if diff := cmp.Diff(want, c); diff != "" {
				t.Errorf("leg (-want +got):\n%s", diff)
			}
		}
	}
	if !found {
		t.Errorf("no leg %v", want)
	}
}

func BenchmarkExpand256(b *testing.B) {
	m := bench256()
	b.ReportAllocs()
	for b.Loop() {
		legs, err := Expand(m)
		if err != nil || len(legs) != MaxCombinations {
			b.Fatal(len(legs), err)
		}
	}
}

func BenchmarkLegName(b *testing.B) {
	legs, err := Expand(bench256())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range legs {
			_ = LegName("build", c)
		}
	}
}
