package expr

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	exprlang "github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	exprparser "github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// Status is the job status seen by the status functions.
type Status int

const (
	StatusSuccess Status = iota
	StatusFailure
	StatusCancelled
)

// Env is what an expression is evaluated against.
type Env struct {
	Contexts  map[string]any                          // lower-case context name → value; a known context absent here evaluates to null
	Status    Status                                  // for success()/failure()/cancelled()
	HashFiles func(patterns []string) (string, error) // nil: hashFiles() is an evaluation error
}

// Program is a compiled expression, safe for concurrent Eval.
type Program struct {
	src  string
	prog *vm.Program
	vms  sync.Pool // of *vm.VM, reused between evaluations
	// statusAware is true for a condition that calls success, failure,
	// cancelled or always itself (no success() was implied).
	statusAware bool
}

// StatusAware reports whether a condition, as written, calls success(),
// failure(), cancelled() or always() itself. A job whose needs did not all
// succeed runs only when its condition is status-aware, as on GitHub.
func (p *Program) StatusAware() bool { return p.statusAware }

// Compile parses src and compiles it to an expr-lang program. Errors are
// *Error.
func Compile(src string) (*Program, error) {
	n, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return compileNode(src, n)
}

// CompileCondition compiles the value of an `if:` key. The ${{ }} wrapper is
// optional: a string that is exactly one ${{ }} (after trimming) is that
// expression; a string with ${{ }} and other text is, as on GitHub, the
// interpolated string (always truthy unless empty); otherwise the whole
// string is the expression. When the expression calls none of success,
// failure, cancelled and always, it is evaluated as success() && (expr);
// an empty condition means success().
func CompileCondition(src string) (*Program, error) {
	expr, err := conditionExpression(src)
	if err != nil {
		return nil, err
	}
	implied := strings.TrimSpace(expr) == ""
	if implied {
		expr = "success()"
	}
	n, err := Parse(expr)
	if err != nil {
		return nil, err
	}
	aware := !implied && usesStatusFunction(n)
	if !aware && !implied {
		expr = "success() && (" + expr + ")"
		if n, err = Parse(expr); err != nil {
			return nil, err
		}
	}
	p, err := compileNode(expr, n)
	if err != nil {
		return nil, err
	}
	p.statusAware = aware
	return p, nil
}

// conditionExpression extracts the expression text of an `if:` value.
func conditionExpression(src string) (string, error) {
	if !strings.Contains(src, "${{") {
		return src, nil
	}
	t, err := ParseTemplate(src)
	if err != nil {
		return "", err
	}
	if t.single != nil {
		return t.exprs[0].Src, nil
	}
	return t.formatExpression(), nil
}

// Source returns the expression text the program was compiled from (for a
// condition, including an implicit success() && (...)).
func (p *Program) Source() string { return p.src }

// Eval evaluates the program. A nil env is treated as an empty Env.
// Evaluation errors are *Error.
func (p *Program) Eval(env *Env) (any, error) {
	if env == nil {
		env = &Env{}
	}
	machine, _ := p.vms.Get().(*vm.VM)
	if machine == nil {
		machine = &vm.VM{}
	}
	out, err := machine.Run(p.prog, env)
	p.vms.Put(machine)
	if err != nil {
		return nil, p.wrapError(err)
	}
	if f, ok := out.(filteredArray); ok {
		return []any(f), nil
	}
	return out, nil
}

// EvalBool evaluates the program and returns its truthiness.
func (p *Program) EvalBool(env *Env) (bool, error) {
	v, err := p.Eval(env)
	if err != nil {
		return false, err
	}
	return Truthy(v), nil
}

// wrapError converts an error from the expr-lang VM to an *Error located at
// the failing call.
func (p *Program) wrapError(err error) error {
	e := &Error{Expr: p.src, Msg: err.Error(), cause: err}
	var fe *file.Error
	if errors.As(err, &fe) {
		e.Offset = fe.From
		e.Msg = fe.Message
		if fe.Prev != nil {
			e.cause = fe.Prev
			e.Msg = fe.Prev.Error()
		}
	}
	if e.Offset < 0 || e.Offset > len(p.src) {
		e.Offset = 0
	}
	return e
}

// compileNode translates n to an expr-lang AST and compiles it. Failures
// here are bugs, reported as internal errors rather than panics.
func compileNode(src string, n Node) (p *Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &Error{Expr: src, Msg: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	t := &translator{}
	tree := &exprparser.Tree{Node: t.node(n), Source: file.NewSource(src)}
	config := newConfig()
	if _, err := checker.Check(tree, config); err != nil {
		return nil, &Error{Expr: src, Msg: "internal error: " + err.Error(), cause: err}
	}
	if err := optimizer.Optimize(&tree.Node, config); err != nil {
		return nil, &Error{Expr: src, Msg: "internal error: " + err.Error(), cause: err}
	}
	prog, err := compiler.Compile(tree, config)
	if err != nil {
		return nil, &Error{Expr: src, Msg: "internal error: " + err.Error(), cause: err}
	}
	return &Program{src: src, prog: prog}, nil
}

// newConfig builds the expr-lang configuration: the environment is *Env
// (reached as $env) and the runtime functions are registered.
func newConfig() *conf.Config {
	config := conf.CreateNew()
	opts := []exprlang.Option{exprlang.Env(&Env{}), exprlang.MaxNodes(0)}
	for _, f := range runtimeFuncs() {
		opts = append(opts, exprlang.Function(f.name, f.fn, f.types...))
	}
	for _, opt := range opts {
		opt(config)
	}
	config.Check()
	return config
}

// translator converts this package's AST to an expr-lang AST.
type translator struct {
	vars int // counter for unique let-variable names
}

func (t *translator) node(n Node) ast.Node {
	out := t.translate(n)
	out.SetLocation(file.Location{From: n.Pos(), To: n.Pos() + 1})
	return out
}

func (t *translator) translate(n Node) ast.Node {
	switch n := n.(type) {
	case *NullNode:
		return &ast.NilNode{}
	case *BoolNode:
		return &ast.BoolNode{Value: n.Value}
	case *NumberNode:
		return &ast.FloatNode{Value: n.Value}
	case *StringNode:
		return &ast.StringNode{Value: n.Value}
	case *ContextNode:
		return call(fnCtx, envNode(), &ast.StringNode{Value: strings.ToLower(n.Name)})
	case *IndexNode:
		if path := t.contextPath(n); path != nil {
			return path
		}
		if _, ok := n.Index.(*WildcardNode); ok {
			return call(fnFilter, t.node(n.Operand))
		}
		return call(fnIndex, t.node(n.Operand), t.node(n.Index))
	case *NotNode:
		return &ast.UnaryNode{Operator: "!", Node: call(fnTruthy, t.node(n.Operand))}
	case *CompareNode:
		return call(compareFuncs[n.Op], t.node(n.Left), t.node(n.Right))
	case *LogicalNode:
		return t.logical(n)
	case *CallNode:
		return t.call(n)
	}
	panic(fmt.Sprintf("expr: unexpected node %T", n))
}

var compareFuncs = map[string]string{
	"==": fnEq, "!=": fnNe, "<": fnLt, "<=": fnLe, ">": fnGt, ">=": fnGe,
}

// contextPath translates a chain of constant property accesses on a
// context (github.event.action, env['CI']) to one call
// gantry_ctx(env, 'github', 'event', 'action'), which looks the keys up in
// turn exactly like nested indexes would. It returns nil for other nodes.
func (t *translator) contextPath(n *IndexNode) ast.Node {
	var keys []ast.Node
	var cur Node = n
	for {
		switch c := cur.(type) {
		case *IndexNode:
			s, ok := c.Index.(*StringNode)
			if !ok {
				return nil
			}
			keys = append(keys, &ast.StringNode{Value: s.Value})
			cur = c.Operand
			continue
		case *ContextNode:
			args := []ast.Node{envNode(), &ast.StringNode{Value: strings.ToLower(c.Name)}}
			for i := len(keys) - 1; i >= 0; i-- {
				args = append(args, keys[i])
			}
			return call(fnCtx, args...)
		}
		return nil
	}
}

// isBoolean reports whether n always evaluates to a boolean.
func isBoolean(n Node) bool {
	switch n := n.(type) {
	case *BoolNode, *CompareNode, *NotNode:
		return true
	case *CallNode:
		switch knownFunctions[strings.ToLower(n.Name)].name {
		case "contains", "startsWith", "endsWith", "success", "failure", "cancelled", "always":
			return true
		}
	}
	return false
}

// logical translates a && b (|| b ...) to nested
// `let v = a; truthy(v) ? b : v` (for ||: `truthy(v) ? v : b`), which
// short-circuits and returns an operand as GitHub does.
func (t *translator) logical(n *LogicalNode) ast.Node {
	last := t.node(n.Operands[len(n.Operands)-1])
	for i := len(n.Operands) - 2; i >= 0; i-- {
		if op := n.Operands[i]; isBoolean(op) {
			// A boolean operand is its own truthiness: a ? b : false
			// (for ||: a ? true : b).
			cond := &ast.ConditionalNode{Ternary: true, Cond: t.node(op)}
			if n.Op == "&&" {
				cond.Exp1, cond.Exp2 = last, &ast.BoolNode{Value: false}
			} else {
				cond.Exp1, cond.Exp2 = &ast.BoolNode{Value: true}, last
			}
			last = cond
			continue
		}
		t.vars++
		name := fmt.Sprintf("gantry_v%d", t.vars)
		cond := &ast.ConditionalNode{
			Ternary: true,
			Cond:    call(fnTruthy, &ast.IdentifierNode{Value: name}),
		}
		if n.Op == "&&" {
			cond.Exp1, cond.Exp2 = last, &ast.IdentifierNode{Value: name}
		} else {
			cond.Exp1, cond.Exp2 = &ast.IdentifierNode{Value: name}, last
		}
		last = &ast.VariableDeclaratorNode{Name: name, Value: t.node(n.Operands[i]), Expr: cond}
	}
	return last
}

// call translates a function call.
func (t *translator) call(n *CallNode) ast.Node {
	args := make([]ast.Node, len(n.Args))
	for i, a := range n.Args {
		args[i] = t.node(a)
	}
	switch knownFunctions[strings.ToLower(n.Name)].name {
	case "contains":
		return call(fnContains, args...)
	case "startsWith":
		return call(fnStartsWith, args...)
	case "endsWith":
		return call(fnEndsWith, args...)
	case "format":
		return call(fnFormat, args...)
	case "join":
		return call(fnJoin, args...)
	case "toJSON":
		return call(fnToJSON, args...)
	case "fromJSON":
		return call(fnFromJSON, args...)
	case "hashFiles":
		return call(fnHashFiles, append([]ast.Node{envNode()}, args...)...)
	case "success":
		return call(fnSuccess, envNode())
	case "failure":
		return call(fnFailure, envNode())
	case "cancelled":
		return call(fnCancelled, envNode())
	case "always":
		return &ast.BoolNode{Value: true}
	case "case":
		return t.caseCall(n, args)
	}
	panic(fmt.Sprintf("expr: unexpected function %q", n.Name))
}

// caseCall translates case(p1, v1, ..., default) to nested conditionals, so
// only the selected value is evaluated. Predicates must be booleans.
func (t *translator) caseCall(n *CallNode, args []ast.Node) ast.Node {
	result := args[len(args)-1]
	for i := len(args) - 3; i >= 0; i -= 2 {
		pred := call(fnCasePred, args[i])
		pred.SetLocation(file.Location{From: n.Off, To: n.Off + 1})
		result = &ast.ConditionalNode{Ternary: true, Cond: pred, Exp1: args[i+1], Exp2: result}
	}
	return result
}

func call(name string, args ...ast.Node) *ast.CallNode {
	return &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}, Arguments: args}
}

func envNode() ast.Node { return &ast.IdentifierNode{Value: "$env"} }
