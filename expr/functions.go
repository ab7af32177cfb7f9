package expr

import (
	"math"
	"strings"
)

// Names of the runtime functions that translated programs call. They are
// registered with expr-lang through expr.Function; the prefix keeps them
// apart from expr-lang's builtins.
const (
	fnCtx        = "gantry_ctx"
	fnIndex      = "gantry_index"
	fnFilter     = "gantry_filter"
	fnTruthy     = "gantry_truthy"
	fnEq         = "gantry_eq"
	fnNe         = "gantry_ne"
	fnLt         = "gantry_lt"
	fnLe         = "gantry_le"
	fnGt         = "gantry_gt"
	fnGe         = "gantry_ge"
	fnCasePred   = "gantry_case_pred"
	fnContains   = "gantry_contains"
	fnStartsWith = "gantry_starts_with"
	fnEndsWith   = "gantry_ends_with"
	fnFormat     = "gantry_format"
	fnJoin       = "gantry_join"
	fnToJSON     = "gantry_to_json"
	fnFromJSON   = "gantry_from_json"
	fnHashFiles  = "gantry_hash_files"
	fnSuccess    = "gantry_success"
	fnFailure    = "gantry_failure"
	fnCancelled  = "gantry_cancelled"
)

// runtimeFunc is a function registered with expr-lang. types optionally
// declares the static signature for expr-lang's checker.
type runtimeFunc struct {
	name  string
	fn    func(args ...any) (any, error)
	types []any
}

// runtimeFuncs lists the functions available to translated programs.
func runtimeFuncs() []runtimeFunc {
	pred := []any{new(func(any) bool)}
	cmp := []any{new(func(any, any) bool)}
	return []runtimeFunc{
		{fnCtx, rtContext, nil},
		{fnIndex, func(a ...any) (any, error) { return index(a[0], a[1]), nil }, nil},
		{fnFilter, func(a ...any) (any, error) { return filter(a[0]), nil }, nil},
		{fnTruthy, func(a ...any) (any, error) { return Truthy(a[0]), nil }, pred},
		{fnEq, func(a ...any) (any, error) { return looseEqual(a[0], a[1]), nil }, cmp},
		{fnNe, func(a ...any) (any, error) { return !looseEqual(a[0], a[1]), nil }, cmp},
		{fnLt, func(a ...any) (any, error) { return looseLess(a[0], a[1]), nil }, cmp},
		{fnLe, func(a ...any) (any, error) { return looseEqual(a[0], a[1]) || looseLess(a[0], a[1]), nil }, cmp},
		{fnGt, func(a ...any) (any, error) { return looseGreater(a[0], a[1]), nil }, cmp},
		{fnGe, func(a ...any) (any, error) { return looseEqual(a[0], a[1]) || looseGreater(a[0], a[1]), nil }, cmp},
		{fnCasePred, rtCasePredicate, pred},
		{fnContains, func(a ...any) (any, error) { return contains(a[0], a[1]), nil }, cmp},
		{fnStartsWith, func(a ...any) (any, error) { return affix(a[0], a[1], hasPrefixFold), nil }, cmp},
		{fnEndsWith, func(a ...any) (any, error) { return affix(a[0], a[1], hasSuffixFold), nil }, cmp},
		{fnFormat, rtFormat, nil},
		{fnJoin, rtJoin, nil},
		{fnToJSON, func(a ...any) (any, error) { return ToJSON(a[0]), nil }, nil},
		{fnFromJSON, rtFromJSON, nil},
		{fnHashFiles, rtHashFiles, nil},
		{fnSuccess, func(a ...any) (any, error) { return envOf(a[0]).Status == StatusSuccess, nil }, pred},
		{fnFailure, func(a ...any) (any, error) { return envOf(a[0]).Status == StatusFailure, nil }, pred},
		{fnCancelled, func(a ...any) (any, error) { return envOf(a[0]).Status == StatusCancelled, nil }, pred},
	}
}

// envOf returns the *Env a program runs with (never nil).
func envOf(v any) *Env {
	if e, ok := v.(*Env); ok && e != nil {
		return e
	}
	return &Env{}
}

// rtContext(env, name, keys...) looks up a context by (lower-case) name; a
// known context that is absent is null. Further arguments are property
// names applied in turn, as by index.
func rtContext(a ...any) (any, error) {
	e := envOf(a[0])
	name, _ := a[1].(string)
	v, _ := lookupKey(e.Contexts, name)
	v = canon(v)
	for _, k := range a[2:] {
		if v == nil {
			return nil, nil
		}
		v = index(v, k)
	}
	return v, nil
}

// index applies a[key] (and a.key) with the runner's rules: objects are
// looked up by the key converted to a string, case-insensitively; arrays by
// the key converted to a number (floored; negative, NaN or out of range
// gives null); anything else gives null. Indexing a filter result applies
// the index to each element.
func index(obj, key any) any {
	switch o := obj.(type) {
	case map[string]any:
		k := classify(key)
		if !k.primitive() {
			return nil
		}
		v, _ := lookupKey(o, k.str())
		return canon(v)
	case []any:
		if i, ok := intIndex(key); ok && i < len(o) {
			return canon(o[i])
		}
		return nil
	case filteredArray:
		return indexEach(o, key)
	}
	if c := canon(obj); !sameDynamic(c, obj) {
		return index(c, key)
	}
	return nil
}

// intIndex converts an index to an array position.
func intIndex(key any) (int, bool) {
	n := classify(key).toNumber()
	if math.IsNaN(n) || n < 0 {
		return 0, false
	}
	n = math.Floor(n)
	if n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}

// indexEach applies key to each element of a filter result, keeping the
// elements that have it (elements that are not collections are dropped).
func indexEach(items filteredArray, key any) filteredArray {
	out := make(filteredArray, 0, len(items))
	k := classify(key)
	for _, item := range items {
		switch it := canon(item).(type) {
		case map[string]any:
			if !k.primitive() {
				continue
			}
			if v, ok := lookupKey(it, k.str()); ok {
				out = append(out, canon(v))
			}
		case []any:
			if i, ok := intIndex(key); ok && i < len(it) {
				out = append(out, canon(it[i]))
			}
		}
	}
	return out
}

// filter implements a.* and a[*]: the elements of an array, the values of
// an object (in sorted key order), or for a filter result the elements of
// each element flattened one level. Anything else gives an empty array.
func filter(obj any) filteredArray {
	out := make(filteredArray, 0)
	switch o := canon(obj).(type) {
	case []any:
		for _, v := range o {
			out = append(out, canon(v))
		}
	case map[string]any:
		for _, k := range sortedKeys(o) {
			out = append(out, canon(o[k]))
		}
	case filteredArray:
		for _, item := range o {
			switch it := canon(item).(type) {
			case []any, map[string]any:
				out = append(out, filter(it)...)
			}
		}
	}
	return out
}

func rtCasePredicate(a ...any) (any, error) {
	b, ok := a[0].(bool)
	if !ok {
		return nil, newEvalError("case: predicate must evaluate to a boolean value, got %s", kindName(classify(a[0]).k))
	}
	return b, nil
}

func kindName(k kind) string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// contains(search, item): for a primitive search, a case-insensitive
// substring test of the string forms; for an array, loose equality with any
// element; otherwise false.
func contains(search, item any) bool {
	s := classify(search)
	if s.primitive() {
		i := classify(item)
		return i.primitive() && containsFold(s.str(), i.str())
	}
	if s.k == kindArray {
		for _, e := range arrayItems(s.x) {
			if looseEqual(item, e) {
				return true
			}
		}
	}
	return false
}

// affix implements startsWith and endsWith: both arguments must be
// primitives; the string forms are compared ignoring case.
func affix(s, fix any, test func(string, string) bool) bool {
	a, b := classify(s), classify(fix)
	return a.primitive() && b.primitive() && test(a.str(), b.str())
}

func rtFormat(a ...any) (any, error) {
	return formatString(classify(a[0]).str(), a[1:])
}

// formatString implements format(): {N} is replaced by argument N
// converted to a string, {{ and }} are literal braces. A malformed format
// string, a reference to a missing argument and format specifiers ({0:x})
// are errors, as in the runner.
func formatString(f string, args []any) (string, error) {
	var b strings.Builder
	var specErr error
	for i := 0; i < len(f); {
		lb := strings.IndexByte(f[i:], '{')
		rb := strings.IndexByte(f[i:], '}')
		switch {
		case lb >= 0 && (rb < 0 || rb > lb):
			lb += i
			if lb+1 < len(f) && f[lb+1] == '{' {
				b.WriteString(f[i : lb+1])
				i = lb + 2
				continue
			}
			arg, spec, end, ok := readFormatItem(f, lb)
			if !ok || rb < 0 {
				return "", newEvalError("format: the following format string is invalid: %s", f)
			}
			if arg >= len(args) {
				return "", newEvalError("format: the following format string references more arguments than were supplied: %s", f)
			}
			b.WriteString(f[i:lb])
			if spec != "" && specErr == nil {
				specErr = newEvalError("format: the format specifiers '%s' are not valid for objects of type '%s'", spec, kindName(classify(args[arg]).k))
			}
			b.WriteString(classify(args[arg]).str())
			i = end + 1
		case rb >= 0:
			rb += i
			if rb+1 >= len(f) || f[rb+1] != '}' {
				return "", newEvalError("format: the following format string is invalid: %s", f)
			}
			b.WriteString(f[i : rb+1])
			i = rb + 2
		default:
			b.WriteString(f[i:])
			i = len(f)
		}
	}
	if specErr != nil {
		return "", specErr
	}
	return b.String(), nil
}

// readFormatItem reads "{N}" or "{N:spec}" at f[lb] ('{'). N is 0-255.
// It returns the index, the specifiers, the offset of the closing '}'.
func readFormatItem(f string, lb int) (arg int, spec string, end int, ok bool) {
	i := lb + 1
	start := i
	for i < len(f) && f[i] >= '0' && f[i] <= '9' {
		arg = arg*10 + int(f[i]-'0')
		if arg > 255 {
			return 0, "", 0, false
		}
		i++
	}
	if i == start || i >= len(f) {
		return 0, "", 0, false
	}
	if f[i] == '}' {
		return arg, "", i, true
	}
	if f[i] != ':' {
		return 0, "", 0, false
	}
	var sb strings.Builder
	for i++; i < len(f); i++ {
		if f[i] != '}' {
			sb.WriteByte(f[i])
		} else if i+1 < len(f) && f[i+1] == '}' {
			sb.WriteByte('}')
			i++
		} else {
			return arg, sb.String(), i, true
		}
	}
	return 0, "", 0, false
}

// rtJoin implements join(array, separator=','): array elements converted
// to strings; a primitive first argument is returned as a string; anything
// else gives the empty string.
func rtJoin(a ...any) (any, error) {
	s := classify(a[0])
	if s.k != kindArray {
		if s.primitive() {
			return s.str(), nil
		}
		return "", nil
	}
	sep := ","
	if len(a) > 1 {
		if p := classify(a[1]); p.primitive() {
			sep = p.str()
		}
	}
	items := arrayItems(s.x)
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = classify(it).str()
	}
	return strings.Join(parts, sep), nil
}

func rtFromJSON(a ...any) (any, error) {
	v, err := fromJSON(classify(a[0]).str())
	if err != nil {
		return nil, wrapEvalError(err, "fromJSON: invalid JSON")
	}
	return v, nil
}

// rtHashFiles(env, patterns...) calls Env.HashFiles with the patterns
// converted to strings.
func rtHashFiles(a ...any) (any, error) {
	e := envOf(a[0])
	patterns := make([]string, 0, len(a)-1)
	for _, p := range a[1:] {
		patterns = append(patterns, classify(p).str())
	}
	if e.HashFiles == nil {
		return nil, newEvalError("hashFiles is not available here")
	}
	h, err := e.HashFiles(patterns)
	if err != nil {
		return nil, wrapEvalError(err, "hashFiles('%s') failed", strings.Join(patterns, ", "))
	}
	return h, nil
}
