package matrix

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// maxProduct bounds the cross product Expand walks when exclude entries
// could bring it back under MaxCombinations. It is gantry's guard against
// runaway input, far above any real matrix; GitHub would walk it all.
const maxProduct = 1 << 16

// Expand returns the legs of m in GitHub's order: the surviving combinations
// of the cross product, then the legs include entries add on their own.
//
// The zero Matrix, a job without a matrix, expands to a single empty
// combination, and so does a matrix whose every leg is excluded; a
// zero-length combination says the job runs once, not as a matrix job.
func Expand(m Matrix) ([]Combination, error) {
	return expand(m, maxProduct)
}

// include is one compiled include entry.
type include struct {
	filter filter
	// extra holds the entry's keys that are not axes, in the order written:
	// what it merges into the combinations it matches.
	extra []Entry
	// own is the leg the entry adds when it matches nothing: its axis keys,
	// then its other keys, as GitHub's GetUnmatchedVectors lists them.
	own Combination
}

// expand is Expand with the product bound as a parameter, so tests can
// check the shortcut taken above it against a full walk.
func expand(m Matrix, maxProduct int) ([]Combination, error) {
	if m.IsZero() {
		return []Combination{{}}, nil
	}
	axes, err := checkAxes(m.Axes)
	if err != nil {
		return nil, err
	}
	includes, err := compileIncludes(m, axes)
	if err != nil {
		return nil, err
	}
	excludes, err := compileExcludes(m.Exclude, axes)
	if err != nil {
		return nil, err
	}

	n := productSize(axes)
	if n > maxProduct {
		if len(excludes) > 0 {
			return nil, &Error{Part: PartMatrix, Msg: fmt.Sprintf(
				"matrix has %s combinations before exclude, more than the %d gantry will expand", countString(n), maxProduct)}
		}
		// With nothing excluded every combination is a leg, so the count
		// needs no walk: the product, plus each include entry that matches
		// no combination.
		jobs := n
		for _, inc := range includes {
			if !matchesProduct(inc.filter, axes) {
				jobs = satAdd(jobs, 1)
			}
		}
		return nil, tooMany(jobs)
	}

	var (
		out      []Combination
		vec      = make([]any, len(axes))
		idx      = make([]int, len(axes))
		matched  = make([]bool, len(includes))
		legs     = 0
		extraCap = 0
	)
	// Room for the extra keys a leg usually gets, not for every extra key
	// of every include, which could be many more; append grows past it.
	for _, inc := range includes {
		extraCap += len(inc.extra)
	}
	extraCap = min(extraCap, 8)
	for p := range n {
		if p > 0 {
			next(idx, axes)
		}
		for a := range axes {
			vec[a] = axes[a].Values[idx[a]]
		}
		if slices.ContainsFunc(excludes, func(f filter) bool { return f.match(vec) }) {
			continue
		}
		legs++
		// Past the limit only the count matters, for the error.
		build := legs <= MaxCombinations
		var c Combination
		if build {
			c = make(Combination, len(axes), len(axes)+extraCap)
			for a := range axes {
				c[a] = Entry{Key: axes[a].Name, Value: vec[a]}
			}
		}
		for i, inc := range includes {
			if inc.filter.match(vec) {
				matched[i] = true
				if build {
					c = merge(c, len(axes), inc.extra)
				}
			}
		}
		if build {
			out = append(out, c)
		}
	}
	for i, inc := range includes {
		if !matched[i] {
			legs++
			out = append(out, inc.own)
		}
	}
	if legs > MaxCombinations {
		return nil, tooMany(legs)
	}
	if legs == 0 {
		// Everything was excluded and nothing included. GitHub's converter
		// then yields no configuration, as it does for a strategy without
		// a matrix, and the job runs once without one.
		return []Combination{{}}, nil
	}
	return out, nil
}

// next advances the product odometer idx by one, the last axis fastest, so
// that the first axis varies slowest as on GitHub.
func next(idx []int, axes []Axis) {
	for a := len(idx) - 1; a >= 0; a-- {
		if idx[a]++; idx[a] < len(axes[a].Values) {
			return
		}
		idx[a] = 0
	}
}

// merge sets the include values extra on c, whose first nAxes entries are
// the axes. A key already merged by an earlier include keeps its place and
// spelling and takes the new value, as GitHub's case-insensitive dictionary
// does; a new key goes last.
func merge(c Combination, nAxes int, extra []Entry) Combination {
	for _, e := range extra {
		i := slices.IndexFunc(c[nAxes:], func(x Entry) bool { return strings.EqualFold(x.Key, e.Key) })
		if i >= 0 {
			c[nAxes+i].Value = e.Value
		} else {
			c = append(c, Entry{Key: e.Key, Value: e.Value, Extra: true})
		}
	}
	return c
}

// matchesProduct reports whether f matches some combination of the full
// cross product of axes.
func matchesProduct(f filter, axes []Axis) bool {
	for a := range axes {
		if !f.matchesSomeValue(a, axes[a].Values) {
			return false
		}
	}
	return true
}

// productSize is the size of the cross product of axes, 0 without axes, and
// math.MaxInt if it overflows.
func productSize(axes []Axis) int {
	if len(axes) == 0 {
		return 0
	}
	n := 1
	for _, a := range axes {
		hi, lo := bits.Mul64(uint64(n), uint64(len(a.Values)))
		if hi != 0 || lo >= math.MaxInt {
			return math.MaxInt
		}
		n = int(lo)
	}
	return n
}

func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func countString(n int) string {
	if n == math.MaxInt {
		return "uncountably many"
	}
	return fmt.Sprint(n)
}

// checkAxes validates the axes and returns them with canonical values. Like
// GitHub it refuses an axis without values ("Matrix vector 'x' does not
// contain any values"), and since the matrix context is case-insensitive it
// refuses two axes whose names differ only in case.
func checkAxes(in []Axis) ([]Axis, error) {
	axes := make([]Axis, len(in))
	for i, a := range in {
		for _, b := range in[:i] {
			if strings.EqualFold(a.Name, b.Name) {
				return nil, &Error{Part: PartAxis, Axis: a.Name, Msg: fmt.Sprintf(
					"matrix vectors '%s' and '%s' name the same variable (matrix keys ignore case)", b.Name, a.Name)}
			}
		}
		if len(a.Values) == 0 {
			return nil, &Error{Part: PartAxis, Axis: a.Name, Msg: fmt.Sprintf("matrix vector '%s' does not contain any values", a.Name)}
		}
		values, _, err := normalize(a.Values)
		if err != nil {
			return nil, &Error{Part: PartAxis, Axis: a.Name, Msg: fmt.Sprintf("matrix vector '%s': %v", a.Name, err)}
		}
		axes[i] = Axis{Name: a.Name, Values: values.([]any)}
	}
	return axes, nil
}

// axisIndex returns the index of the axis named key, without regard to case,
// or -1.
func axisIndex(axes []Axis, key string) int {
	return slices.IndexFunc(axes, func(a Axis) bool { return strings.EqualFold(a.Name, key) })
}

// compileIncludes compiles the include entries. Like GitHub it refuses an
// empty entry ("Matrix include mapping does not contain any values").
func compileIncludes(m Matrix, axes []Axis) ([]include, error) {
	if len(m.IncludeKeys) != 0 && len(m.IncludeKeys) != len(m.Include) {
		return nil, &Error{Part: PartMatrix, Msg: fmt.Sprintf(
			"matrix IncludeKeys has %d entries for %d include entries", len(m.IncludeKeys), len(m.Include))}
	}
	includes := make([]include, len(m.Include))
	for i, row := range m.Include {
		fail := func(key, msg string) error {
			return &Error{Part: PartInclude, Index: i, Key: key, Msg: fmt.Sprintf("matrix include entry #%d: %s", i+1, msg)}
		}
		if len(row) == 0 {
			return nil, fail("", "the mapping does not contain any values")
		}
		var keys []string
		if len(m.IncludeKeys) != 0 {
			keys = m.IncludeKeys[i]
		}
		if keys == nil {
			keys = sortedKeys(row)
		} else if msg := checkKeyOrder(keys, row); msg != "" {
			return nil, fail("", msg)
		}
		if a, b, ok := foldDuplicate(keys); ok {
			return nil, fail(b, fmt.Sprintf("keys '%s' and '%s' name the same variable (matrix keys ignore case)", a, b))
		}
		var inc include
		var axisKeys []Entry
		for _, k := range keys {
			v, _, err := normalize(row[k])
			if err != nil {
				return nil, fail(k, fmt.Sprintf("key '%s': %v", k, err))
			}
			if a := axisIndex(axes, k); a >= 0 {
				inc.filter = appendLeaves(inc.filter, a, nil, v)
				axisKeys = append(axisKeys, Entry{Key: k, Value: v})
			} else {
				inc.extra = append(inc.extra, Entry{Key: k, Value: v})
			}
		}
		inc.own = append(axisKeys, inc.extra...)
		includes[i] = inc
	}
	return includes, nil
}

// checkKeyOrder returns why keys is not an order of exactly the keys of row,
// or "".
func checkKeyOrder(keys []string, row map[string]any) string {
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if _, ok := row[k]; !ok {
			return fmt.Sprintf("IncludeKeys names '%s', which the entry does not have", k)
		}
		if seen[k] {
			return fmt.Sprintf("IncludeKeys names '%s' twice", k)
		}
		seen[k] = true
	}
	if len(keys) != len(row) {
		return fmt.Sprintf("IncludeKeys names %d of the entry's %d keys", len(keys), len(row))
	}
	return ""
}

// compileExcludes compiles the exclude entries. Like GitHub it refuses an
// empty entry ("Matrix exclude filter must not be empty") and a key that is
// not an axis ("Matrix exclude key 'x' does not match any key within the
// matrix"). Exclude applies to the cross product alone and include runs
// after it, so an exclude entry never removes a leg an include added.
func compileExcludes(rows []map[string]any, axes []Axis) ([]filter, error) {
	excludes := make([]filter, len(rows))
	for i, row := range rows {
		fail := func(key, msg string) error {
			return &Error{Part: PartExclude, Index: i, Key: key, Msg: fmt.Sprintf("matrix exclude entry #%d: %s", i+1, msg)}
		}
		if len(row) == 0 {
			return nil, fail("", "the filter must not be empty")
		}
		keys := sortedKeys(row)
		if a, b, ok := foldDuplicate(keys); ok {
			return nil, fail(b, fmt.Sprintf("keys '%s' and '%s' name the same variable (matrix keys ignore case)", a, b))
		}
		var f filter
		for _, k := range keys {
			a := axisIndex(axes, k)
			if a < 0 {
				return nil, fail(k, fmt.Sprintf("key '%s' does not match any key within the matrix", k))
			}
			v, _, err := normalize(row[k])
			if err != nil {
				return nil, fail(k, fmt.Sprintf("key '%s': %v", k, err))
			}
			f = appendLeaves(f, a, nil, v)
		}
		excludes[i] = f
	}
	return excludes, nil
}
