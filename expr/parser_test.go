package expr

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseString(t *testing.T) {
	tests := []struct {
		what  string
		input string
		want  string // canonical rendering
	}{
		{"context", "github", "github"},
		{"property chain", "github.event.action", "github.event.action"},
		{"index", "github['event']", "github['event']"},
		{"wildcard property", "github.event.commits.*.id", "github.event.commits.*.id"},
		{"wildcard index", "github.event.commits[*]", "github.event.commits[*]"},
		{"precedence", "a == b && c || !d", ""},
		{"and or", "github.a == 'x' && 'y' || 'z'", "((github.a == 'x') && 'y') || 'z'"},
		{"or inside and", "github.a && (github.b || github.c)", "github.a && (github.b || github.c)"},
		{"flattened and", "github.a && (github.b && github.c)", "github.a && github.b && github.c"},
		{"left-assoc compare", "1 == 2 == 3", "(1 == 2) == 3"},
		{"right compare", "1 == (2 == 3)", "1 == (2 == 3)"},
		{"not compare", "!(1 == 2)", "!(1 == 2)"},
		{"not binds tight", "!1 == 2", "!1 == 2"},
		{"call", "contains(github.ref, 'x')", "contains(github.ref, 'x')"},
		{"call keeps name", "toJson(github)", "toJson(github)"},
		{"numbers", "0xff == 1e15", "255 == 1E+15"},
		{"string escape", "'it''s'", "'it''s'"},
		{"grouped literal index", "('abc')[0]", "('abc')[0]"},
		{"grouped compare index", "(github.a == 1)[0]", "(github.a == 1)[0]"},
		{"not of property", "!github.a", "!github.a"},
		{"grouped not property", "(!github.a).b", "(!github.a).b"},
		{"negative number", "1 < -1", "1 < -1"},
		{"special numbers", "NaN != -Infinity", "NaN != -Infinity"},
		{"call in and", "contains(github.a && github.b, 'x')", "contains(github.a && github.b, 'x')"},
	}
	for _, tc := range tests {
		t.Run(tc.what, func(t *testing.T) {
			n, err := Parse(tc.input)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("Parse(%q) succeeded", tc.input)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.input, err)
			}
			if diff := cmp.Diff(tc.want, n.String()); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			// The rendering parses back to the same rendering.
			n2, err := Parse(n.String())
			if err != nil {
				t.Fatalf("re-Parse(%q): %v", n.String(), err)
			}
			if n2.String() != n.String() {
				t.Errorf("round trip: %q != %q", n2.String(), n.String())
			}
		})
	}
}

func TestParseTree(t *testing.T) {
	n, err := Parse("github.event_name == 'push' && contains(github.ref, 'x') && needs.a.result")
	if err != nil {
		t.Fatal(err)
	}
	ln, ok := n.(*LogicalNode)
	if !ok || ln.Op != "&&" || len(ln.Operands) != 3 {
		t.Fatalf("want flattened && of 3 operands, got %#v", n)
	}
	cmpNode, ok := ln.Operands[0].(*CompareNode)
	if !ok || cmpNode.Op != "==" || cmpNode.Off != 18 {
		t.Errorf("first operand: %#v", ln.Operands[0])
	}
	call, ok := ln.Operands[1].(*CallNode)
	if !ok || call.Name != "contains" || len(call.Args) != 2 || call.Off != 31 {
		t.Errorf("second operand: %#v", ln.Operands[1])
	}
	// Walk visits every context reference (what a validator does).
	var contexts []string
	Walk(n, func(n Node) bool {
		if c, ok := n.(*ContextNode); ok {
			contexts = append(contexts, c.Name)
		}
		return true
	})
	if diff := cmp.Diff([]string{"github", "github", "needs"}, contexts); diff != "" {
		t.Errorf("contexts (-want +got)\n%s", diff)
	}
	// Walk stops descending when fn returns false.
	count := 0
	Walk(n, func(Node) bool { count++; return false })
	if count != 1 {
		t.Errorf("Walk visited %d nodes, want 1", count)
	}
}

func TestParseDepth(t *testing.T) {
	// A chain of 49 property accesses is depth 50 (the literal names count).
	ok := "github" + strings.Repeat(".a", 49)
	if _, err := Parse(ok); err != nil {
		t.Errorf("depth 50: %v", err)
	}
	if _, err := Parse(ok + ".a"); err == nil {
		t.Error("depth 51: no error")
	}
	// Parentheses are not nodes, and && chains are flattened.
	if _, err := Parse(strings.Repeat("(", 200) + "true" + strings.Repeat(")", 200)); err != nil {
		t.Errorf("nested parens: %v", err)
	}
	if _, err := Parse(strings.Repeat("true && ", 300) + "true"); err != nil {
		t.Errorf("long && chain: %v", err)
	}
}

func TestTokenize(t *testing.T) {
	toks := tokenize("a.b(1, .5) x.*[*] !=")
	var kinds []string
	for _, tk := range toks {
		kinds = append(kinds, tk.kind.String())
	}
	want := []string{
		"named-value", "'.'", "property name", "'('", "number", "','", "number", "')'",
		"named-value", "'.'", "'*'", "'['", "'*'", "']'", "operator", "end of input",
	}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestErrorFormat(t *testing.T) {
	_, err := Parse("github.ref ==")
	want := `expression "github.ref ==": col 14: unexpected end of expression`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestErrorExcerpt(t *testing.T) {
	long := "github.ref == 'x' && " + strings.Repeat("github.a && ", 20) + "nope"
	_, err := Parse(long)
	e := err.(*Error)
	if e.Expr != long || e.Offset != len(long)-4 {
		t.Fatalf("error %+v", e)
	}
	msg := err.Error()
	if len(msg) > 250 || !strings.Contains(msg, `"...`) || !strings.Contains(msg, "nope") {
		t.Errorf("message %q", msg)
	}
}
