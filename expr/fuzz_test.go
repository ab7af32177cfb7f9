package expr

import (
	"testing"
)

// fuzzSeeds are starting inputs for the fuzz targets.
var fuzzSeeds = []string{
	"github.event_name == 'push' && contains(github.ref, 'release')",
	"github.ref == 'refs/heads/main' && 'prod' || 'dev'",
	"github.event.commits.*.author.name",
	"fromJSON('[[1,2],[3]]')[*][0]",
	"format('{0} {{x}}', 1.5e-7)",
	"case(1 == 1, 'a', false, 'b', 'c')",
	"!(0x10 >= '16') || NaN != -Infinity",
	"toJSON(fromJSON('{\"a\":[1,null,true]}'))",
	"steps.my-step.outputs['x'] < 2",
	"join(matrix.*, ', ')",
	"(('a'))[0]",
	"hashFiles('**/go.sum')",
	"success() && !cancelled() || failure()",
	"1.2.3 + 'x",
	"",
}

// fuzzEnv evaluates fuzzed programs; hashFiles fails without touching disk.
func fuzzEnv() *Env {
	return &Env{Contexts: testContexts(), HashFiles: func([]string) (string, error) { return "0", nil }}
}

// FuzzParse checks that no expression makes parsing, compilation or
// evaluation panic or hang, and that a parsed expression's rendering
// parses back to the same rendering.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	env := fuzzEnv()
	f.Fuzz(func(t *testing.T, src string) {
		n, err := Parse(src)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error is %T, not *Error", err)
			}
			return
		}
		rendered := n.String()
		n2, err := Parse(rendered)
		if err != nil {
			t.Fatalf("rendering %q of %q does not parse: %v", rendered, src, err)
		}
		if n2.String() != rendered {
			t.Fatalf("rendering not stable: %q → %q", rendered, n2.String())
		}
		p, err := Compile(src)
		if err != nil {
			t.Fatalf("Parse succeeded but Compile failed: %v", err)
		}
		_, _ = p.Eval(env)
		if c, err := CompileCondition(src); err == nil {
			_, _ = c.EvalBool(env)
		}
	})
}

// FuzzTemplate checks that no template makes parsing or evaluation panic
// or hang, and that embedded expressions' offsets point at their source.
func FuzzTemplate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add("run: ${{ " + s + " }} done")
	}
	f.Add("${{ '}}' }}${{")
	f.Add("a ${{ 1 }} b ${{ 'x''y' }} c")
	env := fuzzEnv()
	f.Fuzz(func(t *testing.T, s string) {
		tpl, err := ParseTemplate(s)
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error is %T, not *Error", err)
			}
			if e.Offset < 0 || e.Offset > len(s) {
				t.Fatalf("offset %d out of range", e.Offset)
			}
			return
		}
		for _, x := range tpl.Exprs() {
			if s[x.Offset:x.Offset+len(x.Src)] != x.Src {
				t.Fatalf("offset %d does not point at %q", x.Offset, x.Src)
			}
		}
		_, _ = tpl.Eval(env)
		_, _ = tpl.EvalValue(env)
		if c, err := CompileCondition(s); err == nil {
			_, _ = c.EvalBool(env)
		}
	})
}
