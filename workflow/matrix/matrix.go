package matrix

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// MaxCombinations is the most legs one matrix may produce. GitHub's docs: "A
// matrix will generate a maximum of 256 jobs per workflow run."
const MaxCombinations = 256

// Entry is one key/value pair of a combination.
type Entry struct {
	Key   string
	Value any
	// Extra marks a value that an include entry merged into a combination of
	// the cross product. It is part of the matrix context but not of the
	// leg's name: GitHub builds the name before it merges include values.
	// Every entry of a leg that an include entry added on its own has Extra
	// false, since those values are what tell the leg apart.
	Extra bool
}

// Combination is one leg of a matrix, keys in GitHub's order: the axes in
// the order written, then keys merged by include in the order first added.
// A leg an include entry added on its own lists that entry's axis keys
// first, then its other keys, each in the order written. Keys are unique
// without regard to case.
type Combination []Entry

// MarshalJSON writes the combination as an object with its keys in the
// combination's order (GitHub's), not Go's sorted map order.
func (c Combination) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range c {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(e.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Map returns the combination as the value of the matrix context. It is
// never nil.
func (c Combination) Map() map[string]any {
	m := make(map[string]any, len(c))
	for _, e := range c {
		m[e.Key] = e.Value
	}
	return m
}

// Get returns the value of key. Keys are matched without regard to case, as
// GitHub's matrix context does (matrix.OS is matrix.os).
func (c Combination) Get(key string) (any, bool) {
	for _, e := range c {
		if e.Key == key {
			return e.Value, true
		}
	}
	for _, e := range c {
		if strings.EqualFold(e.Key, key) {
			return e.Value, true
		}
	}
	return nil, false
}

// Axis is one matrix variable and its values, in the order written.
type Axis struct {
	Name   string
	Values []any
}

// Matrix is strategy.matrix with any expressions already evaluated.
//
// The zero Matrix means the job has no matrix. A strategy.matrix that was
// written but holds no axis and no include entry is an error on GitHub
// ("Matrix must define at least one vector"); the caller, which knows the key
// was written, reports that.
type Matrix struct {
	// Axes in the order written.
	Axes []Axis
	// Include holds the include entries in the order written.
	Include []map[string]any
	// IncludeKeys gives the key order of each include entry as written, which
	// decides the key order of the legs an entry adds or extends (Go maps
	// have none). It is either empty, and then each entry's keys are taken in
	// sorted order, or as long as Include, each element listing exactly the
	// keys of its entry; a nil element also means sorted order.
	IncludeKeys [][]string
	// Exclude holds the exclude entries. Their key order does not matter.
	Exclude []map[string]any
}

// IsZero reports whether m is the zero Matrix, which stands for a job
// without a matrix.
func (m Matrix) IsZero() bool {
	return len(m.Axes) == 0 && len(m.Include) == 0 && len(m.IncludeKeys) == 0 && len(m.Exclude) == 0
}

// Part names the part of a matrix an Error is about.
type Part int

// The parts of a matrix.
const (
	PartMatrix  Part = iota // the matrix as a whole
	PartAxis                // one axis, named by Error.Axis
	PartInclude             // one include entry, at Error.Index
	PartExclude             // one exclude entry, at Error.Index
)

// Error is a matrix that cannot be expanded. Its fields say which part is at
// fault so that a caller can point at that part's position in the file.
type Error struct {
	Part  Part
	Axis  string // PartAxis: the axis
	Index int    // PartInclude, PartExclude: the entry's index, or -1 for the list
	Key   string // the entry's key at fault, if one is
	// Jobs is, when the matrix produces more than MaxCombinations legs, how
	// many it produces (math.MaxInt if that overflows); otherwise 0.
	Jobs int
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// tooMany reports a matrix that produces n legs, n > MaxCombinations. The
// words follow GitHub's "Strategy for job 'x' produced 257 configurations
// which exceeds the maximum of 256 configurations", less the job, which the
// caller knows.
func tooMany(n int) *Error {
	msg := "matrix produces " + strconv.Itoa(n) + " jobs, more than the " + strconv.Itoa(MaxCombinations) + " GitHub allows"
	if n == math.MaxInt {
		msg = "matrix produces more jobs than can be counted, more than the " + strconv.Itoa(MaxCombinations) + " GitHub allows"
	}
	return &Error{Part: PartMatrix, Jobs: n, Msg: msg}
}
