package dockermeta

import (
	"errors"
	"fmt"
	"strings"
)

// The action renders tag values, prefixes, labels and patterns with
// Handlebars. This is the subset those templates use: {{expr}},
// {{{expr}}}, {{&expr}}, comments, ~ whitespace control, \{{ escapes,
// and helper calls with string/number/boolean parameters and key=value
// hash arguments. Blocks, partials, sub-expressions and @data are refused
// with an error instead of being misrendered.

// hbsHelper is a function in the template's context, which Handlebars
// calls as a helper with the rendered parameters and hash.
type hbsHelper func(params []string, hash []hbsPair) (string, error)

// hbsScope maps names to a plain string value or an hbsHelper.
type hbsScope map[string]any

type hbsPair struct{ key, value string }

type hbsHashArg struct {
	key string
	val hbsArg
}

type hbsArg struct {
	lit  string
	path []string // set when the argument is a path to look up
}

type hbsNode struct {
	text      string
	mustache  bool
	comment   bool
	path      []string
	literal   bool // the helper name was a literal: {{"name"}}, {{1}}
	params    []hbsArg
	hash      []hbsHashArg
	escaped   bool
	stripPrev bool // {{~
	stripNext bool // ~}}
}

var errHbsUnsupported = errors.New("unsupported Handlebars syntax")

// renderTemplate compiles and runs src against scope, as
// handlebars.compile(src)(scope) does in the action.
func renderTemplate(src string, scope hbsScope) (string, error) {
	nodes, err := parseTemplate(src)
	if err != nil {
		return "", fmt.Errorf("template %q: %w", src, err)
	}
	var b strings.Builder
	for i, n := range nodes {
		if !n.mustache {
			t := n.text
			if i > 0 && nodes[i-1].stripNext {
				t = strings.TrimLeftFunc(t, isJSSpace)
			}
			if i+1 < len(nodes) && nodes[i+1].stripPrev {
				t = strings.TrimRightFunc(t, isJSSpace)
			}
			b.WriteString(t)
			continue
		}
		if n.comment {
			continue
		}
		out, err := n.eval(scope)
		if err != nil {
			return "", fmt.Errorf("template %q: %w", src, err)
		}
		if n.escaped {
			out = hbsEscape(out)
		}
		b.WriteString(out)
	}
	return b.String(), nil
}

// isRawStatement is the action's check that a pattern is exactly {{raw}}.
func isRawStatement(pattern string) bool {
	nodes, err := parseTemplate(pattern)
	return err == nil && len(nodes) == 1 && nodes[0].mustache && !nodes[0].comment && !nodes[0].literal &&
		len(nodes[0].path) == 1 && nodes[0].path[0] == "raw"
}

func (n *hbsNode) eval(scope hbsScope) (string, error) {
	var v any
	if len(n.path) == 1 {
		v = scope[n.path[0]]
	}
	helper, isHelper := v.(hbsHelper)
	if f, ok := v.(func([]string, []hbsPair) (string, error)); ok {
		helper, isHelper = f, true
	}
	if len(n.params) == 0 && len(n.hash) == 0 {
		if isHelper {
			return helper(nil, nil)
		}
		s, _ := v.(string)
		return s, nil
	}
	if !isHelper {
		return "", fmt.Errorf("missing helper: %q", strings.Join(n.path, "."))
	}
	params := make([]string, len(n.params))
	for i, a := range n.params {
		params[i] = a.resolve(scope)
	}
	hash := make([]hbsPair, len(n.hash))
	for i, h := range n.hash {
		hash[i] = hbsPair{h.key, h.val.resolve(scope)}
	}
	return helper(params, hash)
}

// resolve gives a parameter's value; a path naming a plain value yields
// it, anything else (a helper, a missing name) yields "".
func (a hbsArg) resolve(scope hbsScope) string {
	if a.path == nil {
		return a.lit
	}
	if len(a.path) == 1 {
		s, _ := scope[a.path[0]].(string)
		return s
	}
	return ""
}

// hbsEscape is Handlebars.escapeExpression.
func hbsEscape(s string) string {
	if !strings.ContainsAny(s, "&<>\"'`=") {
		return s
	}
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;", "`", "&#x60;", "=", "&#x3D;")
	return r.Replace(s)
}

func parseTemplate(src string) ([]hbsNode, error) {
	var nodes []hbsNode
	text := func(s string) {
		if s == "" {
			return
		}
		if k := len(nodes) - 1; k >= 0 && !nodes[k].mustache {
			nodes[k].text += s
			return
		}
		nodes = append(nodes, hbsNode{text: s})
	}
	for pos := 0; pos < len(src); {
		j := strings.Index(src[pos:], "{{")
		if j < 0 {
			text(src[pos:])
			break
		}
		j += pos
		// \{{ is a literal "{{"; \\{{ is a backslash before a mustache.
		if j > pos && src[j-1] == '\\' {
			if j-1 > pos && src[j-2] == '\\' {
				text(src[pos : j-1])
			} else {
				text(src[pos:j-1] + "{{")
				pos = j + 2
				continue
			}
		} else {
			text(src[pos:j])
		}
		n, end, err := parseMustache(src, j)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
		pos = end
	}
	return nodes, nil
}

// parseMustache reads the mustache opening at src[start:] and returns it
// with the offset just past its closing braces.
func parseMustache(src string, start int) (hbsNode, int, error) {
	n := hbsNode{mustache: true, escaped: true}
	i := start + 2
	if strings.HasPrefix(src[i:], "~") {
		n.stripPrev = true
		i++
	}
	closing := "}}"
	switch {
	case strings.HasPrefix(src[i:], "!"):
		return parseComment(src, i, n)
	case strings.HasPrefix(src[i:], "{"):
		n.escaped, closing = false, "}}}"
		i++
	case strings.HasPrefix(src[i:], "&"):
		n.escaped = false
		i++
	case i < len(src) && strings.ContainsRune("#/^>*", rune(src[i])):
		return n, 0, errHbsUnsupported
	}
	body, end, err := mustacheBody(src, i, closing)
	if err != nil {
		return n, 0, err
	}
	if strings.HasSuffix(body, "~") {
		n.stripNext = true
		body = body[:len(body)-1]
	}
	if err := n.parseExpr(body); err != nil {
		return n, 0, err
	}
	return n, end, nil
}

func parseComment(src string, i int, n hbsNode) (hbsNode, int, error) {
	n.comment = true
	closing := "}}"
	if strings.HasPrefix(src[i:], "!--") {
		closing = "--}}"
	}
	k := strings.Index(src[i:], closing)
	if k < 0 {
		return n, 0, errors.New("unterminated comment")
	}
	n.stripNext = k > 0 && src[i+k-1] == '~'
	return n, i + k + len(closing), nil
}

// mustacheBody finds the closing braces, skipping string literals. Like
// Handlebars' lexer it takes the longest closing token at the first "}":
// "}}" closes {{, "}}}" (or "}~}}") closes {{{, and anything else there,
// such as the "}}}" of "{{x}}}", is a parse error.
func mustacheBody(src string, i int, closing string) (string, int, error) {
	var quote byte
	for k := i; k < len(src); k++ {
		c := src[k]
		switch {
		case quote != 0:
			if c == '\\' && k+1 < len(src) && src[k+1] == quote {
				k++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '}':
			rest := src[k:]
			tok := "}"
			for _, t := range []string{"}}}}", "}~}}", "}}}", "}}"} {
				if strings.HasPrefix(rest, t) {
					tok = t
					break
				}
			}
			if tok == "}~}}" && closing == "}}}" {
				return src[i:k] + "~", k + len(tok), nil
			}
			if tok != closing {
				return "", 0, fmt.Errorf("unexpected %q", tok)
			}
			return src[i:k], k + len(tok), nil
		}
	}
	return "", 0, errors.New("unclosed mustache")
}
