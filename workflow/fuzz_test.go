package workflow

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the parser and the planner: they must
// return errors, never panic or hang.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/seeds/*.yml")
	for _, s := range seeds {
		if src, err := os.ReadFile(s); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte(okJob))
	f.Add([]byte("on: push\njobs:\n  a:\n    runs-on: x\n    needs: a\n    strategy:\n      matrix:\n        x: [1, 2]\n        include: [{x: 3}]\n        exclude: [{x: 1}]\n    steps: [{run: '${{ a }}'}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		w, errs := Parse("f.yml", src)
		if len(errs) == 0 {
			if _, perrs := NewPlan([]*Workflow{w}); perrs != nil {
				t.Fatalf("a workflow that validates must plan: %v", perrs)
			}
		}
		for _, e := range errs {
			if e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("error without a position: %v", e)
			}
		}
	})
}
