package workflow

import (
	"strings"
	"testing"
)

// TestExpressionErrorPositions checks that an expression error points at
// the offending character in the file, whatever the scalar style.
func TestExpressionErrorPositions(t *testing.T) {
	tests := []struct {
		what string
		step string // the step's `run:` or `if:` lines
		want string // line:col
	}{
		// `nope` is an unknown context: the error is at its first letter.
		{"plain", "run: echo ${{ nope.x }}", "6:23"},
		{"single-quoted", "run: 'echo ${{ nope.x }}'", "6:24"},
		{"double-quoted", "run: \"echo ${{ nope.x }}\"", "6:24"},
		{"literal block", "run: |\n          echo one\n          echo ${{ nope.x }}", "8:20"},
		{"literal block, deeper lines", "run: |\n          if true; then\n            echo ${{ nope.x }}\n          fi", "8:22"},
		{"folded block", "run: >\n          echo ${{ nope.x }}", "7:20"},
		// The error is at the end of the text: `==` wants an operand.
		{"if without braces", "if: github.ref ==\n        run: a", "6:26"},
		{"if with braces", "if: ${{ nope }}\n        run: a", "6:17"},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			src := "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - " + tt.step + "\n"
			if !strings.Contains(tt.step, "run:") {
				src = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: x\n        " + tt.step + "\n"
			}
			_, errs := Parse("w.yml", []byte(src))
			if len(errs) != 1 {
				t.Fatalf("want one error, got:\n%v", errs)
			}
			if got := errs[0].Pos.String(); got != tt.want || errs[0].Kind != KindExpression {
				t.Errorf("error at %s (%s), want %s [expression]:\n%v", got, errs[0].Kind, tt.want, errs[0])
			}
		})
	}
}
