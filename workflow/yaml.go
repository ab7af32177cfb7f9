package workflow

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxNodes bounds the nodes one file may expand to, so that nested aliases
// (a "billion laughs" document) fail with an error instead of hanging.
const maxNodes = 1_000_000

// parser walks one file's YAML nodes into the model, collecting every
// problem instead of stopping at the first.
type parser struct {
	file   string
	lines  []string
	errs   Errors
	budget int
}

func newParser(file string, src []byte) *parser {
	return &parser{file: file, lines: strings.Split(string(src), "\n"), budget: maxNodes}
}

func (p *parser) errorf(pos Pos, kind Kind, format string, args ...any) {
	pos.Line, pos.Col = max(pos.Line, 1), max(pos.Col, 1)
	p.errs = append(p.errs, &Error{File: p.file, Pos: pos, Msg: fmt.Sprintf(format, args...), Kind: kind})
}

func posOf(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

// resolve follows aliases and charges the node budget. It returns nil when
// the budget is spent, after reporting it once.
func (p *parser) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return nil
	}
	p.budget--
	if p.budget == 0 {
		p.errorf(posOf(n), KindSyntax, "document expands to more than %d nodes (nested aliases?)", maxNodes)
	}
	if p.budget <= 0 {
		return nil
	}
	return n
}

// entry is one key/value pair of a mapping.
type entry struct {
	key   *String
	value *yaml.Node
}

// mapping returns the entries of a mapping node, reporting duplicate keys and
// a node of another kind. what names the value for error messages.
func (p *parser) mapping(n *yaml.Node, what string) []entry {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		if isNull(n) {
			return nil
		}
		p.errorf(posOf(n), KindType, "%s must be a mapping, not %s", what, describe(n))
		return nil
	}
	entries := make([]entry, 0, len(n.Content)/2)
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := p.resolve(n.Content[i])
		if k == nil {
			return entries
		}
		if k.Kind != yaml.ScalarNode {
			p.errorf(posOf(k), KindType, "a key in %s must be a string, not %s", what, describe(k))
			continue
		}
		if seen[k.Value] {
			p.errorf(posOf(k), KindKey, "key %q is defined twice in %s", k.Value, what)
			continue
		}
		seen[k.Value] = true
		entries = append(entries, entry{key: p.scalar(k), value: n.Content[i+1]})
	}
	return entries
}

// sequence returns the items of a sequence node.
func (p *parser) sequence(n *yaml.Node, what string) []*yaml.Node {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(posOf(n), KindType, "%s must be a sequence, not %s", what, describe(n))
		return nil
	}
	return n.Content
}

// scalar converts a scalar node to a String, keeping what PosAt needs.
func (p *parser) scalar(n *yaml.Node) *String {
	s := &String{Value: n.Value, Pos: posOf(n)}
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		s.Block = true
		s.Indent = p.blockIndent(n)
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		s.Quoted = true
	}
	return s
}

// blockIndent finds the column where a block scalar's text starts: the
// indentation of its first non-blank source line less the spaces the value
// itself keeps on that line.
func (p *parser) blockIndent(n *yaml.Node) int {
	first := strings.TrimLeft(n.Value, "\n")
	lead := len(first) - len(strings.TrimLeft(first, " "))
	for i := n.Line; i < len(p.lines); i++ { // n.Line is 1-based: index n.Line is the next line
		line := p.lines[i]
		if strings.TrimSpace(line) == "" {
			continue
		}
		return len(line) - len(strings.TrimLeft(line, " ")) - lead + 1
	}
	return n.Column
}

// str returns a scalar as a String; a mapping or sequence is a type error.
func (p *parser) str(n *yaml.Node, what string) *String {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(posOf(n), KindType, "%s must be a string, not %s", what, describe(n))
		return nil
	}
	return p.scalar(n)
}

// strs accepts a single string or a sequence of strings, as `needs`,
// `branches` and `runs-on` do.
func (p *parser) strs(n *yaml.Node, what string) []String {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if isNull(n) {
			return []String{}
		}
		return []String{*p.scalar(n)}
	}
	items := p.sequence(n, what)
	out := make([]String, 0, len(items))
	for _, item := range items {
		if s := p.str(item, what+" item"); s != nil {
			out = append(out, *s)
		}
	}
	return out
}

// keyValues reads a mapping of strings, such as env or with. Numbers and
// booleans are kept as written, the way GitHub passes them on as strings.
func (p *parser) keyValues(n *yaml.Node, what string) []*KeyValue {
	var out []*KeyValue
	for _, e := range p.mapping(n, what) {
		v := p.str(e.value, fmt.Sprintf("%s.%s", what, e.key.Value))
		if v == nil {
			continue
		}
		out = append(out, &KeyValue{Key: *e.key, Value: *v})
	}
	return out
}

// boolOrExpr checks a value that must be a boolean or an expression.
func (p *parser) boolOrExpr(n *yaml.Node, what string) *String {
	s := p.str(n, what)
	if s == nil || isExpr(s.Value) {
		return s
	}
	if s.Value != "true" && s.Value != "false" {
		p.errorf(s.Pos, KindType, "%s must be true, false or an expression, not %q", what, s.Value)
	}
	return s
}

// numberOrExpr checks a value that must be a non-negative number or an
// expression.
func (p *parser) numberOrExpr(n *yaml.Node, what string) *String {
	s := p.str(n, what)
	if s == nil || isExpr(s.Value) {
		return s
	}
	f, err := strconv.ParseFloat(s.Value, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		p.errorf(s.Pos, KindType, "%s must be a non-negative number or an expression, not %q", what, s.Value)
	}
	return s
}

// value converts a node to a JSON-like Go value (nil, bool, float64, string,
// []any, map[string]any), as matrix values and inputs are seen by expressions.
func (p *parser) value(n *yaml.Node) any {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return scalarValue(n)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			out = append(out, p.value(c))
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for _, e := range p.mapping(n, "value") {
			out[e.key.Value] = p.value(e.value)
		}
		return out
	}
	return nil
}

func scalarValue(n *yaml.Node) any {
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int", "!!float":
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	}
	return n.Value
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// isExpr reports whether s is exactly one ${{ }} expression.
func isExpr(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "${{") && strings.HasSuffix(s, "}}")
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.ScalarNode:
		if isNull(n) {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// unknownKey reports a key the parser does not expect, listing those it does.
func (p *parser) unknownKey(k *String, where string, allowed []string) {
	p.errorf(k.Pos, KindKey, "unexpected key %q in %s; expected one of %s", k.Value, where, strings.Join(allowed, ", "))
}
