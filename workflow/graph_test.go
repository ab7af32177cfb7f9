package workflow

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func parseOK(t testing.TB, src string) *Workflow {
	t.Helper()
	w, errs := Parse("w.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return w
}

func jobsYAML(jobs ...string) string {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n")
	for _, j := range jobs {
		id, needs, _ := strings.Cut(j, ":")
		fmt.Fprintf(&b, "  %s:\n    runs-on: x\n    steps: [{run: a}]\n", id)
		if needs != "" {
			fmt.Fprintf(&b, "    needs: [%s]\n", needs)
		}
	}
	return b.String()
}

func TestGraph(t *testing.T) {
	tests := []struct {
		what      string
		jobs      []string
		order     []string
		closureOf string
		closure   []string
	}{
		{"independent jobs keep file order", []string{"b", "a", "c"}, []string{"b", "a", "c"}, "a", []string{"a"}},
		{"chain", []string{"test:build", "build", "deploy:test"}, []string{"build", "test", "deploy"}, "deploy", []string{"build", "test", "deploy"}},
		{"diamond", []string{"d:b,c", "b:a", "c:a", "a"}, []string{"a", "b", "c", "d"}, "c", []string{"a", "c"}},
		{"ready jobs in file order", []string{"z", "y:z", "x"}, []string{"z", "y", "x"}, "y", []string{"z", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			g, errs := NewGraph(parseOK(t, jobsYAML(tt.jobs...)))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if diff := cmp.Diff(tt.order, g.Order()); diff != "" {
				t.Errorf("Order (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.closure, g.Closure(tt.closureOf)); diff != "" {
				t.Errorf("Closure(%s) (-want +got):\n%s", tt.closureOf, diff)
			}
		})
	}
}

func TestGraphCycleOfThree(t *testing.T) {
	_, errs := Parse("w.yml", []byte(jobsYAML("a:c", "b:a", "c:b")))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "a -> c -> b -> a") {
		t.Fatalf("want one cycle error naming a -> c -> b -> a, got:\n%v", errs)
	}
}
