package expr

import (
	"encoding/json"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// kind is the runner's value kind.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// filteredArray is the result of an object filter (a.* or a[*]). It behaves
// as an array, except that indexing it applies the index to each element
// (as the runner's FilteredArray does). Eval returns it as []any.
type filteredArray []any

// scalar is a classified value; numbers, strings and booleans are held
// unboxed so comparisons do not allocate.
type scalar struct {
	k kind
	b bool
	n float64
	s string
	x any // arrays and objects
}

// canon converts Go values that are not part of the value model but are
// accepted defensively (integers, float32, string maps and slices) to their
// JSON-like equivalents. Other values are returned unchanged.
func canon(v any) any {
	switch t := v.(type) {
	case nil, bool, float64, string, []any, map[string]any, filteredArray:
		return v
	case int:
		return float64(t)
	case int64:
		return float64(t)
	case int32:
		return float64(t)
	case uint:
		return float64(t)
	case uint64:
		return float64(t)
	case uint32:
		return float64(t)
	case float32:
		return float64(t)
	case json.Number:
		return parseNumber(string(t))
	case map[string]string:
		m := make(map[string]any, len(t))
		for k, s := range t {
			m[k] = s
		}
		return m
	case []string:
		a := make([]any, len(t))
		for i, s := range t {
			a[i] = s
		}
		return a
	}
	return v
}

func classify(v any) scalar {
	switch t := v.(type) {
	case nil:
		return scalar{k: kindNull}
	case bool:
		return scalar{k: kindBool, b: t}
	case float64:
		return scalar{k: kindNumber, n: t}
	case string:
		return scalar{k: kindString, s: t}
	case []any, filteredArray:
		return scalar{k: kindArray, x: v}
	case map[string]any:
		return scalar{k: kindObject, x: v}
	}
	if c := canon(v); !sameDynamic(c, v) {
		return classify(c)
	}
	return scalar{k: kindObject, x: v}
}

// sameDynamic reports whether canon left v unchanged (same dynamic type).
func sameDynamic(a, b any) bool {
	return reflect.TypeOf(a) == reflect.TypeOf(b)
}

// Truthy reports whether v is truthy: false, 0, -0, NaN, the empty string and null are
// falsy; everything else, including empty arrays and objects, is truthy.
func Truthy(v any) bool {
	s := classify(v)
	switch s.k {
	case kindNull:
		return false
	case kindBool:
		return s.b
	case kindNumber:
		return s.n != 0 && !math.IsNaN(s.n)
	case kindString:
		return s.s != ""
	}
	return true
}

// toNumber converts like JavaScript's Number(): null→0, bool→1/0, strings
// parsed by parseNumber, arrays and objects NaN.
func (s scalar) toNumber() float64 {
	switch s.k {
	case kindNull:
		return 0
	case kindBool:
		if s.b {
			return 1
		}
		return 0
	case kindNumber:
		return s.n
	case kindString:
		return parseNumber(s.s)
	}
	return math.NaN()
}

func (s scalar) primitive() bool { return s.k <= kindString }

// str converts like the runner's ConvertToString: null→empty, booleans and
// numbers formatted, arrays 'Array' and objects 'Object'.
func (s scalar) str() string {
	switch s.k {
	case kindNull:
		return ""
	case kindBool:
		return formatBool(s.b)
	case kindNumber:
		return FormatNumber(s.n)
	case kindString:
		return s.s
	case kindArray:
		return "Array"
	}
	return "Object"
}

func formatBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// ToString converts v to a string as used for a whole-value result: null→empty,
// booleans 'true'/'false', numbers as the runner formats them (see
// FormatNumber), strings unchanged, arrays and objects as ToJSON.
//
// Note: inside expressions (format(), join(), and templates with text around
// an expression) the runner converts arrays to 'Array' and objects to
// 'Object'; this package does the same there.
func ToString(v any) string {
	s := classify(v)
	if s.k == kindArray || s.k == kindObject {
		return ToJSON(v)
	}
	return s.str()
}

// FormatNumber formats f like .NET's Double.ToString("G15") in the
// invariant culture, which is how the runner converts numbers to strings:
// at most 15 significant digits, fixed-point notation when the decimal
// exponent is in [-4, 15), otherwise scientific notation with a signed,
// at least two-digit exponent (1E+15, 1.5E-05). -0 is '-0'; NaN, Infinity
// and -Infinity are spelled out.
func FormatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0"
		}
		return "0"
	}
	// d.dddddddddddddde±XX, correctly rounded to 15 significant digits.
	e := strconv.FormatFloat(f, 'e', 14, 64)
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.TrimRight(strings.Replace(mant, ".", "", 1), "0")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if exp > -5 && exp < 15 {
		writeFixed(&b, digits, exp)
	} else {
		writeScientific(&b, digits, exp)
	}
	return b.String()
}

func writeFixed(b *strings.Builder, digits string, exp int) {
	if exp < 0 {
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -exp-1))
		b.WriteString(digits)
		return
	}
	if len(digits) <= exp+1 {
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", exp+1-len(digits)))
		return
	}
	b.WriteString(digits[:exp+1])
	b.WriteByte('.')
	b.WriteString(digits[exp+1:])
}

func writeScientific(b *strings.Builder, digits string, exp int) {
	b.WriteString(digits[:1])
	if len(digits) > 1 {
		b.WriteByte('.')
		b.WriteString(digits[1:])
	}
	b.WriteByte('E')
	if exp < 0 {
		b.WriteByte('-')
		exp = -exp
	} else {
		b.WriteByte('+')
	}
	if exp < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.Itoa(exp))
}

// ParseNumber converts a string to a number as the expression language does
// (see parseNumber).
func ParseNumber(s string) float64 { return parseNumber(s) }

// parseNumber converts a string to a number like the runner's
// ExpressionUtility.ParseNumber: surrounding whitespace is trimmed, the empty string is 0,
// decimal numbers with optional sign, fraction and exponent are parsed,
// then 0x hexadecimal and 0o octal (32-bit, two's complement), then
// Infinity/-Infinity; anything else is NaN.
func parseNumber(str string) float64 {
	s := strings.TrimSpace(str)
	if s == "" {
		return 0
	}
	if f, ok := parseDecimal(s); ok {
		return f
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o') {
		base := 16
		if s[1] == 'o' {
			base = 8
		}
		if u, err := strconv.ParseUint(s[2:], base, 32); err == nil {
			return float64(int32(uint32(u)))
		}
	}
	return math.NaN()
}

// parseDecimal parses what .NET's Double.TryParse accepts with
// AllowLeadingSign|AllowDecimalPoint|AllowExponent: [+-]digits[.digits]
// [e[+-]digits] (digits required before or after the point), plus the
// case-insensitive symbols Infinity and NaN with an optional sign.
func parseDecimal(s string) (float64, bool) {
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	switch strings.ToLower(s[i:]) {
	case "infinity":
		if s[0] == '-' {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case "nan":
		return math.NaN(), true
	}
	intDigits := countDigits(s[i:])
	i += intDigits
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		fracDigits = countDigits(s[i:])
		i += fracDigits
	}
	if intDigits+fracDigits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		n := countDigits(s[i:])
		if n == 0 {
			return 0, false
		}
		i += n
	}
	if i != len(s) {
		return 0, false
	}
	// The syntax is validated; the only possible error is a range error,
	// for which ParseFloat returns ±Inf or 0 as .NET does.
	f, _ := strconv.ParseFloat(s, 64)
	return f, true
}

func countDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// sortedKeys returns the keys of m in byte order. Go maps do not keep
// insertion order, so object filters and toJSON visit keys sorted.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// lookupKey finds key in m: an exact match first, then a case-insensitive
// match (the smallest such key, for determinism).
func lookupKey(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	best, found := "", false
	for k := range m {
		if equalFold(k, key) && (!found || k < best) {
			best, found = k, true
		}
	}
	if !found {
		return nil, false
	}
	return m[best], true
}
