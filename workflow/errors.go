package workflow

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Kind classifies a problem in a workflow file.
type Kind string

// The kinds of problem a workflow file can have.
const (
	KindSyntax      Kind = "syntax"      // YAML that does not parse
	KindKey         Kind = "key"         // an unknown, duplicate or missing key
	KindType        Kind = "type"        // a value of the wrong shape
	KindValue       Kind = "value"       // a value of the right shape that is not allowed
	KindExpression  Kind = "expression"  // a ${{ }} that does not parse
	KindJobGraph    Kind = "needs"       // unknown or cyclic needs
	KindMatrix      Kind = "matrix"      // a matrix that cannot be expanded
	KindUnsupported Kind = "unsupported" // valid on GitHub, not (yet) run by gantry
)

// Error is one problem in a workflow file, at a position.
type Error struct {
	File string `json:"file"`
	Pos  Pos    `json:"pos"`
	Msg  string `json:"message"`
	Kind Kind   `json:"kind"`
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s [%s]", e.File, e.Pos.Line, e.Pos.Col, e.Msg, e.Kind)
}

// Errors is every problem found in one or more files, in file order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sortErrors orders errors by file and position and drops exact duplicates,
// which arise when one bad node is reached by two checks.
func sortErrors(es Errors) Errors {
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
		)
	})
	return slices.CompactFunc(es, func(a, b *Error) bool { return *a == *b })
}
