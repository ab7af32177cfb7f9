package workflow

import "fmt"

// Pos is a 1-based line and column in a workflow file.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// String is a scalar from the file with the position it was written at.
// Style is kept so that an offset inside the value (an expression error, say)
// can be mapped back onto the file's line and column.
type String struct {
	Value string `json:"value"`
	Pos   Pos    `json:"pos"`
	// Block is true for literal (|) and folded (>) scalars, whose text starts
	// on the line after the indicator; Indent is then the column of the text.
	Block  bool `json:"-"`
	Quoted bool `json:"-"`
	Indent int  `json:"-"`
}

// PosAt maps a byte offset in s.Value to the file position of that byte.
// Folded scalars lose their line breaks, so for them the result is the best
// guess the YAML node allows.
func (s *String) PosAt(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(s.Value) {
		offset = len(s.Value)
	}
	before := s.Value[:offset]
	lines := 0
	lineStart := 0
	for i := 0; i < len(before); i++ {
		if before[i] == '\n' {
			lines++
			lineStart = i + 1
		}
	}
	col := offset - lineStart
	switch {
	case s.Block:
		return Pos{Line: s.Pos.Line + 1 + lines, Col: s.Indent + col}
	case lines == 0 && s.Quoted:
		return Pos{Line: s.Pos.Line, Col: s.Pos.Col + 1 + col}
	case lines == 0:
		return Pos{Line: s.Pos.Line, Col: s.Pos.Col + col}
	default:
		// A multi-line flow scalar: continuation lines are re-indented by the
		// writer, so the column within the line is the best we know.
		return Pos{Line: s.Pos.Line + lines, Col: col + 1}
	}
}
