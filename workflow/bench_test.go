package workflow

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gantry-ci/gantry/workflow/matrix"
)

// bigWorkflow is n jobs, each needing up to three earlier ones, with
// expressions in names, env and run, as a large generated workflow has.
func bigWorkflow(n int) []byte {
	var b strings.Builder
	b.WriteString("name: big\non:\n  push:\n    branches: [main, 'releases/**']\nenv:\n  A: ${{ github.sha }}\njobs:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  job-%d:\n    name: Job ${{ github.ref_name }} %d\n    runs-on: ubuntu-latest\n", i, i)
		if i > 0 {
			b.WriteString("    needs: [")
			for k := 1; k <= 3 && i-k >= 0; k++ {
				if k > 1 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "job-%d", i-k)
			}
			b.WriteString("]\n")
		}
		b.WriteString("    if: github.event_name == 'push' && !cancelled()\n    env:\n      X: ${{ needs.job-0.outputs.x }}\n")
		b.WriteString("    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          echo ${{ matrix.os }} ${{ steps.a.outputs.b }}\n          make test\n")
	}
	return []byte(b.String())
}

// BenchmarkParsePlan1000 is the budget of issue 2: parse, validate and plan
// a 1,000-job workflow under 50 ms.
func BenchmarkParsePlan1000(b *testing.B) {
	src := bigWorkflow(1000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		w, errs := Parse("big.yml", src)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		if _, errs := NewPlan([]*Workflow{w}); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkExpandMatrix256 is the budget of issue 2: a 256-leg matrix
// expanded and named under 5 ms.
func BenchmarkExpandMatrix256(b *testing.B) {
	src := "on: push\njobs:\n  t:\n    runs-on: x\n    strategy:\n      matrix:\n        os: [a, b, c, d]\n        node: [10, 12, 14, 16]\n        arch: [x64, arm64, x86, s390x]\n        shard: [1, 2, 3, 4]\n    steps: [{run: a}]\n"
	w := parseOK(b, src)
	m := w.Jobs[0].Strategy.Matrix
	for b.Loop() {
		combos, err := matrix.Expand(m.Spec())
		if err != nil || len(combos) != 256 {
			b.Fatal(err, len(combos))
		}
		for _, c := range combos {
			_ = matrix.LegName("t", c)
		}
	}
}
