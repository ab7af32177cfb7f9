package matrix

import (
	"fmt"
	"slices"
	"strings"
)

// normalize returns v with every number as float64, and whether that changed
// anything. It copies a list or map only when something inside it changes,
// so values that are already canonical cost nothing.
func normalize(v any) (any, bool, error) {
	switch x := v.(type) {
	case nil, bool, float64, string:
		return v, false, nil
	case []any:
		var out []any
		for i, e := range x {
			n, changed, err := normalize(e)
			if err != nil {
				return nil, false, err
			}
			if changed && out == nil {
				out = slices.Clone(x)
			}
			if out != nil {
				out[i] = n
			}
		}
		if out == nil {
			return x, false, nil
		}
		return out, true, nil
	case map[string]any:
		var out map[string]any
		for k, e := range x {
			n, changed, err := normalize(e)
			if err != nil {
				return nil, false, err
			}
			if changed && out == nil {
				out = make(map[string]any, len(x))
				for k2, e2 := range x {
					out[k2] = e2
				}
			}
			if out != nil {
				out[k] = n
			}
		}
		if out == nil {
			return x, false, nil
		}
		return out, true, nil
	}
	if f, ok := asFloat(v); ok {
		return f, true, nil
	}
	return nil, false, fmt.Errorf("unsupported value of type %T", v)
}

// asFloat reads any Go number as float64. Values decoded from YAML carry
// ints, and callers may build a Combination by hand with them.
func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// kindName names the kind of a JSON-like value for error messages, in the
// words of the workflow syntax.
func kindName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	if _, ok := asFloat(v); ok {
		return "a number"
	}
	return fmt.Sprintf("a %T", v)
}

// sortedKeys returns the keys of m in sorted order: the order used wherever
// the written order is unknown, so that results never depend on Go's map
// iteration.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// foldDuplicate returns two keys of keys that differ only in case, if any.
// GitHub's contexts are case-insensitive, so such keys would name one
// variable twice.
func foldDuplicate(keys []string) (string, string, bool) {
	for i, a := range keys {
		for _, b := range keys[i+1:] {
			if strings.EqualFold(a, b) {
				return a, b, true
			}
		}
	}
	return "", "", false
}

// FromValue builds a Matrix from a JSON-like value, which is what a matrix
// written as an expression (matrix: ${{ fromJSON(...) }}) evaluates to.
// "include" and "exclude" must be lists of mappings, every other key a
// list, and there must be an axis or an include entry. Go maps keep no
// order, so the axes and the keys of each include entry are taken in sorted
// order where GitHub would keep the JSON's order.
func FromValue(v any) (Matrix, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return Matrix{}, &Error{Part: PartMatrix, Msg: fmt.Sprintf("matrix must be a mapping, not %s", kindName(v))}
	}
	var m Matrix
	for _, k := range sortedKeys(obj) {
		switch k {
		case "include":
			rows, err := rowsOf(obj[k], k, PartInclude)
			if err != nil {
				return Matrix{}, err
			}
			m.Include = rows
		case "exclude":
			rows, err := rowsOf(obj[k], k, PartExclude)
			if err != nil {
				return Matrix{}, err
			}
			m.Exclude = rows
		default:
			list, ok := obj[k].([]any)
			if !ok {
				return Matrix{}, &Error{Part: PartAxis, Axis: k, Msg: fmt.Sprintf("matrix vector '%s' must be a list, not %s", k, kindName(obj[k]))}
			}
			m.Axes = append(m.Axes, Axis{Name: k, Values: list})
		}
	}
	if len(m.Axes) == 0 && len(m.Include) == 0 {
		// An evaluated matrix is always written, so unlike the zero Matrix
		// it cannot mean "no matrix"; GitHub fails it the same way.
		return Matrix{}, &Error{Part: PartMatrix, Msg: "matrix must define at least one vector"}
	}
	return m, nil
}

// rowsOf reads the value of include or exclude, which GitHub requires to be
// a list of mappings.
func rowsOf(v any, name string, part Part) ([]map[string]any, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, &Error{Part: part, Index: -1, Msg: fmt.Sprintf("matrix %s must be a list of mappings, not %s", name, kindName(v))}
	}
	rows := make([]map[string]any, len(list))
	for i, e := range list {
		row, ok := e.(map[string]any)
		if !ok {
			return nil, &Error{Part: part, Index: i, Msg: fmt.Sprintf("matrix %s must be a list of mappings; entry #%d is %s", name, i+1, kindName(e))}
		}
		rows[i] = row
	}
	return rows, nil
}
