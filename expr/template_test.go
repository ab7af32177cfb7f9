package expr

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTemplateEval(t *testing.T) {
	tests := []struct {
		what  string
		input string
		want  any // string, or errWant (column relative to the template)
	}{
		{"literal", "plain text", "plain text"},
		{"empty", "", ""},
		{"dollar without braces", "cost $5 {x}", "cost $5 {x}"},
		{"single", "${{ github.event_name }}", "push"},
		{"no spaces", "${{github.event_name}}", "push"},
		{"text around", "event=${{ github.event_name }}!", "event=push!"},
		{"several", "${{ github.repository }}@${{ github.sha }}", "octo-org/hello@ffac537e6cbbf934b08745a378932722df287a53"},
		{"adjacent", "${{ 1 }}${{ 2 }}", "12"},
		{"number formatting", "n=${{ 1e15 }} f=${{ 0.1 }}", "n=1E+15 f=0.1"},
		{"null is empty", "[${{ github.missing }}]", "[]"},
		{"booleans", "${{ true }}/${{ false }}", "true/false"},
		{"braces in string", "${{ '}}' }}", "}}"},
		{"open braces in string", "${{ '${{' }}", "${{"},
		{"quote escape in string", "${{ 'it''s }}' }}!", "it's }}!"},
		{"extra closing brace", "${{ 'a' }}}", "a}"},
		{"dollar before", "$${{ 'x' }}", "$x"},
		{"multi-line", "echo ${{ matrix.os }}\necho ${{ matrix.node-version }}\n", "echo ubuntu-latest\necho 18\n"},
		{"whole object is JSON", "${{ github.event.pull_request.head }}", "{\n  \"ref\": \"feature\"\n}"},
		{"object in text is Object", "x ${{ github.event.pull_request.head }}", "x Object"},
		{"array in text is Array", "${{ github.event.commits }} ", "Array "},
		{"and-or idiom", "env: ${{ github.ref == 'refs/heads/main' && 'prod' || 'dev' }}", "env: prod"},
		{"function", "${{ format('{0}-{1}', runner.os, runner.arch) }}", "Linux-X64"},
		{"unclosed", "a ${{ github.ref", errWant{3, "not closed"}},
		{"unclosed by string", "${{ 'a }}", errWant{1, "not closed"}},
		{"second unclosed", "${{ 1 }} ${{ 2 }", errWant{10, "not closed"}},
		{"empty expression", "x ${{ }}", errWant{3, "an expression was expected"}},
		{"empty no space", "${{}}", errWant{1, "an expression was expected"}},
		{"syntax error offset", "run ${{ github.ref == }}", errWant{22, "unexpected end of expression"}},
		{"unknown context offset", "a\n${{  foo.bar }}", errWant{8, "unrecognized named-value: 'foo'"}},
		{"double quotes", `${{ "x" }}`, errWant{5, "unexpected symbol"}},
		{"eval error", "${{ fromJSON('x') }}", errWant{1, "invalid JSON"}},
	}
	env := &Env{Contexts: testContexts()}
	for _, tc := range tests {
		t.Run(tc.what, func(t *testing.T) {
			tpl, err := ParseTemplate(tc.input)
			var got any
			if err == nil {
				got, err = tpl.Eval(env)
			}
			checkResult(t, tc.input, got, err, tc.want)
		})
	}
}

func TestTemplateErrorText(t *testing.T) {
	_, err := ParseTemplate("run ${{ github.ref == }}")
	want := `expression "run ${{ github.ref == }}": col 22: unexpected end of expression`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestTemplateEvalValue(t *testing.T) {
	tests := []struct {
		what  string
		input string
		want  any
	}{
		{"raw number", "${{ 1 }}", 1.0},
		{"raw with whitespace", "  ${{ fromJSON('[1,2]') }}\n", []any{1.0, 2.0}},
		{"raw object", "${{ github.event.pull_request.head }}", map[string]any{"ref": "feature"}},
		{"raw filter", "${{ github.event.commits.*.id }}", []any{1.0, 2.0, 3.0}},
		{"raw bool", "${{ inputs.debug }}", true},
		{"raw null", "${{ null }}", nil},
		{"interpolated", "v${{ 1 }}", "v1"},
		{"two expressions", "${{ 1 }}${{ 2 }}", "12"},
		{"literal", "text", "text"},
	}
	env := &Env{Contexts: testContexts()}
	for _, tc := range tests {
		t.Run(tc.what, func(t *testing.T) {
			tpl, err := ParseTemplate(tc.input)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tpl.EvalValue(env)
			checkResult(t, tc.input, got, err, tc.want)
		})
	}
}

func TestTemplateExprs(t *testing.T) {
	s := "a ${{ github.ref }} b ${{x}}"
	if _, err := ParseTemplate(s); err == nil {
		t.Fatal("unknown name x accepted")
	}
	s = "a ${{  github.ref }} b ${{matrix.os}} c"
	tpl, err := ParseTemplate(s)
	if err != nil {
		t.Fatal(err)
	}
	want := []TemplateExpr{{Src: "github.ref", Offset: 7}, {Src: "matrix.os", Offset: 26}}
	if diff := cmp.Diff(want, tpl.Exprs()); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	for _, e := range tpl.Exprs() {
		if s[e.Offset:e.Offset+len(e.Src)] != e.Src {
			t.Errorf("offset %d does not point at %q", e.Offset, e.Src)
		}
	}
	if tpl.IsLiteral() {
		t.Error("IsLiteral = true")
	}
	lit, _ := ParseTemplate("no expressions")
	if !lit.IsLiteral() || len(lit.Exprs()) != 0 {
		t.Error("literal template has expressions")
	}
}

func TestTemplateFormatExpression(t *testing.T) {
	tpl, err := ParseTemplate("it's {x} ${{ github.ref }} ${{ 1 }}")
	if err != nil {
		t.Fatal(err)
	}
	want := "format('it''s {{x}} {0} {1}', github.ref, 1)"
	if got := tpl.formatExpression(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
