package expr

import (
	"math"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// The runner compares strings with StringComparison.OrdinalIgnoreCase:
// each UTF-16 code unit upper-cased with the invariant culture, then
// compared ordinally. The helpers below upper-case rune by rune with
// unicode.ToUpper (simple case mapping), which agrees for all practical
// input, and take ASCII fast paths that do not allocate.

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func upper(s string) string { return strings.Map(unicode.ToUpper, s) }

// equalFold reports whether a and b are equal ignoring case.
func equalFold(a, b string) bool {
	if isASCII(a) && isASCII(b) {
		return len(a) == len(b) && strings.EqualFold(a, b)
	}
	return compareFold(a, b) == 0
}

// utf16Units appends the UTF-16 code units of r.
func utf16Units(r rune) (uint16, uint16, int) {
	if r < 0x10000 {
		return uint16(r), 0, 1
	}
	r -= 0x10000
	return uint16(0xD800 + (r >> 10)), uint16(0xDC00 + (r & 0x3FF)), 2
}

// compareFold compares a and b ordinally ignoring case, in UTF-16 code unit
// order like .NET.
func compareFold(a, b string) int {
	var ua, ub []uint16
	for _, r := range a {
		hi, lo, n := utf16Units(unicode.ToUpper(r))
		ua = append(ua, hi)
		if n == 2 {
			ua = append(ua, lo)
		}
	}
	for _, r := range b {
		hi, lo, n := utf16Units(unicode.ToUpper(r))
		ub = append(ub, hi)
		if n == 2 {
			ub = append(ub, lo)
		}
	}
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			if ua[i] < ub[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(ua) < len(ub):
		return -1
	case len(ua) > len(ub):
		return 1
	}
	return 0
}

// containsFold reports whether sub occurs in s, ignoring case.
func containsFold(s, sub string) bool {
	if !isASCII(s) || !isASCII(sub) {
		return strings.Contains(upper(s), upper(sub))
	}
	if sub == "" {
		return true
	}
	if len(s) > 1024 && len(sub) > 16 {
		// Avoid the quadratic scan on large inputs.
		return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
	}
	first := lowerASCII(sub[0])
	for i := 0; i+len(sub) <= len(s); i++ {
		if lowerASCII(s[i]) != first {
			continue
		}
		j := 1
		for j < len(sub) && lowerASCII(s[i+j]) == lowerASCII(sub[j]) {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func hasPrefixFold(s, prefix string) bool {
	if isASCII(s) && isASCII(prefix) {
		return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
	}
	return strings.HasPrefix(upper(s), upper(prefix))
}

func hasSuffixFold(s, suffix string) bool {
	if isASCII(s) && isASCII(suffix) {
		return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
	}
	return strings.HasSuffix(upper(s), upper(suffix))
}

// coerce applies the runner's type coercion for comparisons: when the kinds
// differ, strings, booleans and null are converted to numbers (arrays and
// objects are never converted).
func coerce(l, r scalar) (scalar, scalar) {
	for l.k != r.k {
		switch {
		case l.k == kindNumber && r.k == kindString:
			r = scalar{k: kindNumber, n: r.toNumber()}
		case l.k == kindString && r.k == kindNumber:
			l = scalar{k: kindNumber, n: l.toNumber()}
		case l.k == kindBool || l.k == kindNull:
			l = scalar{k: kindNumber, n: l.toNumber()}
		case r.k == kindBool || r.k == kindNull:
			r = scalar{k: kindNumber, n: r.toNumber()}
		default:
			return l, r
		}
	}
	return l, r
}

// Equal is the expression language's ==, for packages that match values
// the way expressions do (matrix include and exclude, say).
func Equal(a, b any) bool { return looseEqual(a, b) }

// looseEqual is the runner's abstract equality: coercion as above; NaN is
// unequal to everything; strings compare ignoring case; arrays and objects
// are equal only to the same instance.
func looseEqual(a, b any) bool {
	l, r := coerce(classify(a), classify(b))
	if l.k != r.k {
		return false
	}
	switch l.k {
	case kindNull:
		return true
	case kindBool:
		return l.b == r.b
	case kindNumber:
		return l.n == r.n // false when either is NaN
	case kindString:
		return equalFold(l.s, r.s)
	}
	return sameInstance(l.x, r.x)
}

// looseGreater is the runner's abstract greater-than.
func looseGreater(a, b any) bool {
	l, r := coerce(classify(a), classify(b))
	if l.k != r.k {
		return false
	}
	switch l.k {
	case kindBool:
		return l.b && !r.b
	case kindNumber:
		return l.n > r.n && !math.IsNaN(l.n) && !math.IsNaN(r.n)
	case kindString:
		return compareFold(l.s, r.s) > 0
	}
	return false
}

// looseLess is the runner's abstract less-than.
func looseLess(a, b any) bool {
	l, r := coerce(classify(a), classify(b))
	if l.k != r.k {
		return false
	}
	switch l.k {
	case kindBool:
		return !l.b && r.b
	case kindNumber:
		return l.n < r.n && !math.IsNaN(l.n) && !math.IsNaN(r.n)
	case kindString:
		return compareFold(l.s, r.s) < 0
	}
	return false
}

// sameInstance reports whether a and b are the same array or object. Maps
// are compared by identity. Slices are compared by backing array and
// length; slices without capacity (empty ones, which may all share one
// zero-size allocation) by the interface's data word, which points to the
// boxed slice header shared by every copy of the interface.
func sameInstance(a, b any) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	switch a.(type) {
	case map[string]any:
		return interfaceData(a) == interfaceData(b)
	case []any, filteredArray:
		va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
		if va.Cap() == 0 || vb.Cap() == 0 {
			return interfaceData(a) == interfaceData(b)
		}
		return va.UnsafePointer() == vb.UnsafePointer() && va.Len() == vb.Len()
	}
	return false
}

// interfaceData returns the data word of an interface value.
func interfaceData(v any) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1]
}
