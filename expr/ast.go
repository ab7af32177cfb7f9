package expr

import (
	"strings"
)

// Node is a node of a parsed expression. Validators may walk the tree with
// Walk and inspect the concrete node types below.
type Node interface {
	// Pos is the 0-based byte offset of the node in the expression text.
	Pos() int
	// String renders the node as expression text.
	String() string
}

// NullNode is the literal null.
type NullNode struct{ Off int }

// BoolNode is the literal true or false.
type BoolNode struct {
	Off   int
	Value bool
}

// NumberNode is a number literal.
type NumberNode struct {
	Off   int
	Value float64
}

// StringNode is a string literal, or the name in a property access a.b.
type StringNode struct {
	Off   int
	Value string
}

// ContextNode is a top-level named value such as github or matrix. Name is
// as written; context names are case-insensitive.
type ContextNode struct {
	Off  int
	Name string
}

// WildcardNode is the * of an object filter (a.* or a[*]).
type WildcardNode struct{ Off int }

// IndexNode is a property access (a.b, Property set) or an index (a[b]).
// Index is a *StringNode for a.b and a *WildcardNode for a.* and a[*].
type IndexNode struct {
	Off      int // offset of '.' or '['
	Operand  Node
	Index    Node
	Property bool
}

// NotNode is !Operand.
type NotNode struct {
	Off     int
	Operand Node
}

// CompareNode is a comparison: == != < <= > >=.
type CompareNode struct {
	Off         int // offset of the operator
	Op          string
	Left, Right Node
}

// LogicalNode is a chain of && or || operands. Like the runner, nested
// chains of the same operator are flattened.
type LogicalNode struct {
	Off      int // offset of the first operator
	Op       string
	Operands []Node
}

// CallNode is a function call. Name is as written; function names are
// case-insensitive.
type CallNode struct {
	Off  int
	Name string
	Args []Node
}

func (n *NullNode) Pos() int     { return n.Off }
func (n *BoolNode) Pos() int     { return n.Off }
func (n *NumberNode) Pos() int   { return n.Off }
func (n *StringNode) Pos() int   { return n.Off }
func (n *ContextNode) Pos() int  { return n.Off }
func (n *WildcardNode) Pos() int { return n.Off }
func (n *IndexNode) Pos() int    { return n.Off }
func (n *NotNode) Pos() int      { return n.Off }
func (n *CompareNode) Pos() int  { return n.Off }
func (n *LogicalNode) Pos() int  { return n.Off }
func (n *CallNode) Pos() int     { return n.Off }

func (n *NullNode) String() string     { return "null" }
func (n *BoolNode) String() string     { return formatBool(n.Value) }
func (n *NumberNode) String() string   { return FormatNumber(n.Value) }
func (n *StringNode) String() string   { return quoteString(n.Value) }
func (n *ContextNode) String() string  { return n.Name }
func (n *WildcardNode) String() string { return "*" }

func (n *IndexNode) String() string {
	operand := n.Operand.String()
	switch n.Operand.(type) {
	case *ContextNode, *IndexNode, *CallNode:
	default:
		operand = "(" + operand + ")"
	}
	if s, ok := n.Index.(*StringNode); ok && n.Property {
		return operand + "." + s.Value
	}
	if _, ok := n.Index.(*WildcardNode); ok && n.Property {
		return operand + ".*"
	}
	return operand + "[" + n.Index.String() + "]"
}

func (n *NotNode) String() string { return "!" + operandString(n.Operand) }

func (n *CompareNode) String() string {
	return operandString(n.Left) + " " + n.Op + " " + operandString(n.Right)
}

func (n *LogicalNode) String() string {
	parts := make([]string, len(n.Operands))
	for i, o := range n.Operands {
		parts[i] = operandString(o)
	}
	return strings.Join(parts, " "+n.Op+" ")
}

func (n *CallNode) String() string {
	parts := make([]string, len(n.Args))
	for i, a := range n.Args {
		parts[i] = a.String()
	}
	return n.Name + "(" + strings.Join(parts, ", ") + ")"
}

// operandString parenthesizes binary operands so the rendering re-parses
// to the same tree.
func operandString(n Node) string {
	switch n.(type) {
	case *CompareNode, *LogicalNode:
		return "(" + n.String() + ")"
	}
	return n.String()
}

// quoteString renders s as a single-quoted expression string literal.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// Walk calls fn for n and, if fn returns true, for each of n's children,
// depth first in source order.
func Walk(n Node, fn func(Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, c := range children(n) {
		Walk(c, fn)
	}
}

func children(n Node) []Node {
	switch n := n.(type) {
	case *IndexNode:
		return []Node{n.Operand, n.Index}
	case *NotNode:
		return []Node{n.Operand}
	case *CompareNode:
		return []Node{n.Left, n.Right}
	case *LogicalNode:
		return n.Operands
	case *CallNode:
		return n.Args
	}
	return nil
}

// depth is the height of the tree as the runner counts it: every node is a
// level; parentheses are not nodes.
func depth(n Node) int {
	d := 0
	for _, c := range children(n) {
		if cd := depth(c); cd > d {
			d = cd
		}
	}
	return d + 1
}

// usesStatusFunction reports whether n calls success, failure, cancelled or
// always anywhere.
func usesStatusFunction(n Node) bool {
	found := false
	Walk(n, func(n Node) bool {
		if c, ok := n.(*CallNode); ok {
			switch strings.ToLower(c.Name) {
			case "success", "failure", "cancelled", "always":
				found = true
			}
		}
		return !found
	})
	return found
}
