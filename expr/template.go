package expr

import (
	"strconv"
	"strings"
)

// Template is a string with zero or more ${{ }} parts.
type Template struct {
	src    string
	parts  []templatePart
	exprs  []TemplateExpr
	single *Program // set when src is one ${{ }} with only whitespace around it
	exact  bool     // src is exactly one ${{ }}, nothing around it
}

// TemplateExpr is one expression embedded in a template: its (trimmed)
// source and the byte offset of that source in the template.
type TemplateExpr struct {
	Src    string
	Offset int
}

// templatePart is literal text (prog == nil) or a compiled expression.
type templatePart struct {
	lit  string
	prog *Program
}

// ParseTemplate splits s into literal text and ${{ }} expressions and
// compiles each expression. Like the runner, the closing }} is searched for
// outside single-quoted strings, so '}}' inside a string literal does not
// end the expression. Errors are *Error with Expr = s and Offset relative
// to s.
func ParseTemplate(s string) (*Template, error) {
	t := &Template{src: s}
	err := scanTemplate(s,
		func(lit string) { t.parts = append(t.parts, templatePart{lit: lit}) },
		func(src string, off int) error {
			prog, err := Compile(src)
			if err != nil {
				return rebase(err, s, off)
			}
			t.parts = append(t.parts, templatePart{prog: prog})
			t.exprs = append(t.exprs, TemplateExpr{Src: src, Offset: off})
			return nil
		})
	if err != nil {
		return nil, err
	}
	t.classify()
	return t, nil
}

// CheckTemplate checks the syntax of every ${{ }} in s, as ParseTemplate
// would report it, without compiling: validating a large workflow must not
// pay for programs it never runs.
func CheckTemplate(s string) error {
	return scanTemplate(s, func(string) {}, func(src string, off int) error {
		if _, err := Parse(src); err != nil {
			return rebase(err, s, off)
		}
		return nil
	})
}

// scanTemplate splits s into literal text and the sources of its ${{ }}
// expressions (trimmed, with their offsets in s), in order.
func scanTemplate(s string, lit func(string), expr func(src string, off int) error) error {
	for i := 0; i < len(s); {
		start := strings.Index(s[i:], "${{")
		if start < 0 {
			lit(s[i:])
			return nil
		}
		start += i
		if start > i {
			lit(s[i:start])
		}
		end := closingBraces(s, start+3)
		if end < 0 {
			return errorf(s, start, "the expression is not closed: an unescaped ${{ sequence was found, but the closing }} sequence was not found")
		}
		inner := s[start+3 : end-1]
		src := strings.TrimSpace(inner)
		if src == "" {
			return errorf(s, start, "an expression was expected")
		}
		if err := expr(src, start+3+strings.Index(inner, src)); err != nil {
			return err
		}
		i = end + 1
	}
	return nil
}

// closingBraces returns the offset of the second '}' of the first "}}"
// at or after from that is outside a single-quoted string, or -1.
func closingBraces(s string, from int) int {
	inString := false
	for i := from; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			inString = !inString
		case !inString && s[i] == '}' && s[i-1] == '}':
			return i
		}
	}
	return -1
}

// classify records whether the template is a single expression.
func (t *Template) classify() {
	if len(t.exprs) != 1 {
		return
	}
	var expr *Program
	for _, p := range t.parts {
		if p.prog != nil {
			expr = p.prog
		} else if strings.TrimSpace(p.lit) != "" {
			return
		}
	}
	t.single = expr
	t.exact = len(t.parts) == 1
}

// IsLiteral reports whether the template has no ${{ }}.
func (t *Template) IsLiteral() bool { return len(t.exprs) == 0 }

// Exprs returns the embedded expressions with their offsets in the
// template text (for validators).
func (t *Template) Exprs() []TemplateExpr {
	return append([]TemplateExpr(nil), t.exprs...)
}

// Eval interpolates the template. A template that is exactly one ${{ }}
// converts its value with ToString. Otherwise each value is converted the
// way the runner's format() does (as ToString, except that arrays and
// objects become 'Array' and 'Object', as on GitHub). Evaluation errors are
// *Error about the failing expression (Expr is its text, not the
// template's).
func (t *Template) Eval(env *Env) (string, error) {
	if t.IsLiteral() {
		return t.src, nil
	}
	if t.exact {
		v, err := t.single.Eval(env)
		if err != nil {
			return "", err
		}
		return ToString(v), nil
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.prog == nil {
			b.WriteString(p.lit)
			continue
		}
		v, err := p.prog.Eval(env)
		if err != nil {
			return "", err
		}
		b.WriteString(classify(v).str())
	}
	return b.String(), nil
}

// EvalValue returns the raw value if the template is one ${{ }}
// (surrounding whitespace allowed), else the interpolated string.
func (t *Template) EvalValue(env *Env) (any, error) {
	if t.single != nil {
		return t.single.Eval(env)
	}
	return t.Eval(env)
}

// formatExpression renders the template as the runner does for a string
// that mixes text and expressions: format('text{0}text', expr, ...).
func (t *Template) formatExpression() string {
	var f, args strings.Builder
	n := 0
	for _, p := range t.parts {
		if p.prog == nil {
			r := strings.NewReplacer("'", "''", "{", "{{", "}", "}}")
			f.WriteString(r.Replace(p.lit))
			continue
		}
		f.WriteString("{" + strconv.Itoa(n) + "}")
		args.WriteString(", " + t.exprs[n].Src)
		n++
	}
	return "format('" + f.String() + "'" + args.String() + ")"
}
