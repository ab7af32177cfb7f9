package expr

import (
	"strings"
)

// Limits enforced by the runner's parser.
const (
	maxDepth  = 50    // maximum tree height
	maxLength = 21000 // maximum expression length in bytes
)

// knownContexts are the named values an expression may reference.
var knownContexts = map[string]bool{
	"github": true, "env": true, "vars": true, "secrets": true, "inputs": true,
	"matrix": true, "strategy": true, "needs": true, "job": true, "jobs": true,
	"runner": true, "steps": true,
}

// funcInfo is a function's canonical name and argument count range.
type funcInfo struct {
	name     string
	min, max int
}

// knownFunctions maps lower-case function names to their arity.
var knownFunctions = map[string]funcInfo{
	"contains":   {"contains", 2, 2},
	"startswith": {"startsWith", 2, 2},
	"endswith":   {"endsWith", 2, 2},
	"format":     {"format", 1, 255},
	"join":       {"join", 1, 2},
	"tojson":     {"toJSON", 1, 1},
	"fromjson":   {"fromJSON", 1, 1},
	"hashfiles":  {"hashFiles", 1, 255},
	"case":       {"case", 3, 255},
	"success":    {"success", 0, 0},
	"failure":    {"failure", 0, 0},
	"cancelled":  {"cancelled", 0, 0},
	"always":     {"always", 0, 0},
}

// Parse checks the syntax of one expression (text without ${{ }}), that
// top-level names are known contexts and that functions exist and get a
// valid number of arguments. Errors are *Error.
func Parse(src string) (Node, error) {
	if len(src) > maxLength {
		return nil, errorf(src, 0, "exceeded max expression length %d", maxLength)
	}
	p := &parser{src: src, toks: tokenize(src)}
	if p.peek().kind == tkEOF {
		return nil, errorf(src, len(src), "expected an expression")
	}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tkEOF {
		return nil, p.unexpected(t)
	}
	if depth(n) > maxDepth {
		return nil, errorf(src, 0, "exceeded max expression depth %d", maxDepth)
	}
	return n, nil
}

type parser struct {
	src  string
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.kind != tkEOF {
		p.i++
	}
	return t
}

// isOp reports whether the next token is one of the given operators.
func (p *parser) isOp(ops ...string) bool {
	t := p.peek()
	if t.kind != tkOperator {
		return false
	}
	for _, op := range ops {
		if t.raw == op {
			return true
		}
	}
	return false
}

func (p *parser) unexpected(t token) *Error {
	switch t.kind {
	case tkEOF:
		return errorf(p.src, t.off, "unexpected end of expression")
	case tkUnexpected:
		return errorf(p.src, t.off, "unexpected symbol: '%s'", t.raw)
	}
	return errorf(p.src, t.off, "unexpected %s: '%s'", t.kind, t.raw)
}

func (p *parser) parseOr() (Node, error) {
	return p.parseLogical("||", p.parseAnd)
}

func (p *parser) parseAnd() (Node, error) {
	return p.parseLogical("&&", p.parseEquality)
}

// parseLogical parses a chain of op, flattening nested chains of the same
// operator (including parenthesized ones) like the runner does.
func (p *parser) parseLogical(op string, operand func() (Node, error)) (Node, error) {
	first, err := operand()
	if err != nil || !p.isOp(op) {
		return first, err
	}
	ln := &LogicalNode{Off: p.peek().off, Op: op}
	ln.Operands = appendFlat(ln.Operands, op, first)
	for p.isOp(op) {
		p.advance()
		n, err := operand()
		if err != nil {
			return nil, err
		}
		ln.Operands = appendFlat(ln.Operands, op, n)
	}
	return ln, nil
}

func appendFlat(ops []Node, op string, n Node) []Node {
	if l, ok := n.(*LogicalNode); ok && l.Op == op {
		return append(ops, l.Operands...)
	}
	return append(ops, n)
}

func (p *parser) parseEquality() (Node, error) {
	return p.parseBinary([]string{"==", "!="}, p.parseComparison)
}

func (p *parser) parseComparison() (Node, error) {
	return p.parseBinary([]string{"<", "<=", ">", ">="}, p.parseUnary)
}

func (p *parser) parseBinary(ops []string, operand func() (Node, error)) (Node, error) {
	left, err := operand()
	if err != nil {
		return nil, err
	}
	for p.isOp(ops...) {
		t := p.advance()
		right, err := operand()
		if err != nil {
			return nil, err
		}
		left = &CompareNode{Off: t.off, Op: t.raw, Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) parseUnary() (Node, error) {
	if p.isOp("!") {
		t := p.advance()
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &NotNode{Off: t.off, Operand: n}, nil
	}
	return p.parsePostfix()
}

// parsePostfix parses a primary followed by property accesses and indexes.
// Literals cannot be indexed (but parenthesized ones can).
func (p *parser) parsePostfix() (Node, error) {
	switch p.peek().kind {
	case tkNull, tkBool, tkNumber, tkString:
		return p.parsePrimary()
	}
	n, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	for {
		switch p.peek().kind {
		case tkDot:
			n, err = p.parseProperty(n)
		case tkLBracket:
			n, err = p.parseIndex(n)
		default:
			return n, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func (p *parser) parseProperty(operand Node) (Node, error) {
	dot := p.advance()
	t := p.advance()
	switch t.kind {
	case tkPropertyName:
		return &IndexNode{Off: dot.off, Operand: operand, Index: &StringNode{Off: t.off, Value: t.raw}, Property: true}, nil
	case tkWildcard:
		return &IndexNode{Off: dot.off, Operand: operand, Index: &WildcardNode{Off: t.off}, Property: true}, nil
	}
	return nil, p.unexpected(t)
}

func (p *parser) parseIndex(operand Node) (Node, error) {
	open := p.advance()
	var idx Node
	if p.peek().kind == tkWildcard {
		idx = &WildcardNode{Off: p.advance().off}
	} else {
		var err error
		if idx, err = p.parseOr(); err != nil {
			return nil, err
		}
	}
	if t := p.advance(); t.kind != tkRBracket {
		return nil, p.unexpected(t)
	}
	return &IndexNode{Off: open.off, Operand: operand, Index: idx}, nil
}

func (p *parser) parsePrimary() (Node, error) {
	t := p.advance()
	switch t.kind {
	case tkNull:
		return &NullNode{Off: t.off}, nil
	case tkBool:
		return &BoolNode{Off: t.off, Value: t.raw == "true"}, nil
	case tkNumber:
		return &NumberNode{Off: t.off, Value: t.num}, nil
	case tkString:
		return &StringNode{Off: t.off, Value: t.str}, nil
	case tkNamedValue:
		if !knownContexts[strings.ToLower(t.raw)] {
			return nil, errorf(p.src, t.off, "unrecognized named-value: '%s'", t.raw)
		}
		return &ContextNode{Off: t.off, Name: t.raw}, nil
	case tkFunction:
		return p.parseCall(t)
	case tkLParen:
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.advance(); c.kind != tkRParen {
			return nil, p.unexpected(c)
		}
		return n, nil
	}
	return nil, p.unexpected(t)
}

func (p *parser) parseCall(name token) (Node, error) {
	info, ok := knownFunctions[strings.ToLower(name.raw)]
	if !ok {
		return nil, errorf(p.src, name.off, "unrecognized function: '%s'", name.raw)
	}
	p.advance() // '(' is guaranteed by the lexer's lookahead
	call := &CallNode{Off: name.off, Name: name.raw}
	if p.peek().kind == tkRParen {
		p.advance()
	} else if err := p.parseArgs(call); err != nil {
		return nil, err
	}
	switch n := len(call.Args); {
	case n < info.min:
		return nil, errorf(p.src, name.off, "too few parameters supplied: '%s'", name.raw)
	case n > info.max:
		return nil, errorf(p.src, name.off, "too many parameters supplied: '%s'", name.raw)
	case info.name == "case" && n%2 == 0:
		return nil, errorf(p.src, name.off, "case requires an odd number of arguments: '%s'", name.raw)
	}
	return call, nil
}

func (p *parser) parseArgs(call *CallNode) error {
	for {
		arg, err := p.parseOr()
		if err != nil {
			return err
		}
		call.Args = append(call.Args, arg)
		switch t := p.advance(); t.kind {
		case tkComma:
		case tkRParen:
			return nil
		default:
			return p.unexpected(t)
		}
	}
}
