package matrix

import (
	"math"
	"strconv"
	"strings"

	"github.com/gantry-ci/gantry/expr"
)

// A filter is an include or exclude entry compiled the way GitHub compiles
// it (MatrixBuilder.MatrixFilter): one leaf per scalar in the entry, each a
// comparison `matrix[axis][step]... == literal`, all of which must hold.
// Objects and lists in the entry are walked, not compared whole, so they
// match partially, and one with nothing in it adds no leaf and matches
// anything.
type filter []leaf

// leaf is one comparison of a filter.
type leaf struct {
	axis  int    // index of the axis the path starts at
	steps []step // indexes below the axis value
	lit   any    // nil, bool, float64 or string
}

// step is one index below an axis value: an object key, or a list position
// when the filter had a list there.
type step struct {
	key     string
	index   int
	isIndex bool
}

// appendLeaves adds to f one leaf per scalar of v, reached from axis by
// steps. v is canonical.
func appendLeaves(f filter, axis int, steps []step, v any) filter {
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			// The full slice expression makes append copy, so no two leaves
			// share a path.
			f = appendLeaves(f, axis, append(steps[:len(steps):len(steps)], step{index: i, isIndex: true}), e)
		}
	case map[string]any:
		// All leaves must hold, so their order does not matter; sorting only
		// keeps compilation deterministic.
		for _, k := range sortedKeys(x) {
			f = appendLeaves(f, axis, append(steps[:len(steps):len(steps)], step{key: k}), x[k])
		}
	default:
		f = append(f, leaf{axis: axis, steps: steps, lit: v})
	}
	return f
}

// match reports whether every leaf holds for the axis values vec.
func (f filter) match(vec []any) bool {
	for _, l := range f {
		if !l.holds(vec[l.axis]) {
			return false
		}
	}
	return true
}

// matchesSomeValue reports whether some value of axis satisfies every leaf
// on that axis. In a cross product the axes vary independently, so a filter
// matches some combination exactly when this holds for every axis.
func (f filter) matchesSomeValue(axis int, values []any) bool {
	for _, v := range values {
		ok := true
		for _, l := range f {
			if l.axis == axis && !l.holds(v) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// holds evaluates the leaf against the value of its axis.
func (l leaf) holds(v any) bool {
	for _, s := range l.steps {
		v = s.apply(v)
	}
	return expr.Equal(v, l.lit)
}

// apply indexes v as the expression language's [] does: an object by key
// without regard to case, a list by position (a key is read as a number), and
// anything else, or a miss, gives null.
func (s step) apply(v any) any {
	switch c := v.(type) {
	case map[string]any:
		key := s.key
		if s.isIndex {
			key = strconv.Itoa(s.index)
		}
		return lookup(c, key)
	case []any:
		n := float64(s.index)
		if !s.isIndex {
			n = expr.ParseNumber(s.key)
		}
		if math.IsNaN(n) || n < 0 {
			return nil
		}
		if n = math.Floor(n); n < float64(len(c)) {
			return c[int(n)]
		}
	}
	return nil
}

// lookup returns m[key], matching the key without regard to case as GitHub's
// dictionaries do. Should several keys match, which GitHub would have
// refused to build, the least one wins so the answer is deterministic.
func lookup(m map[string]any, key string) any {
	if v, ok := m[key]; ok {
		return v
	}
	best, found := "", false
	for k := range m {
		if strings.EqualFold(k, key) && (!found || k < best) {
			best, found = k, true
		}
	}
	if !found {
		return nil
	}
	return m[best]
}
