package dockermeta

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// The action is JavaScript; these helpers reproduce the few language
// semantics its output depends on (trim, Number(), String(), JSON.stringify).

// isJSSpace reports whether String.prototype.trim removes r.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func jsTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }

var jsDecimal = regexp.MustCompile(`^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// jsNumber is Number(s); ok is false where JavaScript gives NaN.
func jsNumber(s string) (float64, bool) {
	s = jsTrim(s)
	switch s {
	case "":
		return 0, true
	case "Infinity", "+Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	if len(s) > 2 && s[0] == '0' {
		if base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]]; base != 0 {
			return parseRadix(s[2:], base)
		}
	}
	if !jsDecimal.MatchString(s) {
		return 0, false
	}
	// Out-of-range literals become ±Infinity in both languages.
	f, _ := strconv.ParseFloat(s, 64)
	return f, true
}

func parseRadix(digits string, base int) (float64, bool) {
	f := 0.0
	for _, c := range strings.ToLower(digits) {
		d := strings.IndexRune("0123456789abcdef", c)
		if d < 0 || d >= base {
			return 0, false
		}
		f = f*float64(base) + float64(d)
	}
	return f, true
}

// jsNumberString is Number.prototype.toString(): plain digits below 1e21,
// exponent notation ("1.5e+21") beyond, as the shortest round-trip form.
func jsNumberString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	n := e + 1 // position of the decimal point after the first digit
	k := len(digits)
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	m := digits[:1]
	if k > 1 {
		m += "." + digits[1:]
	}
	return sign + m + "e" + es + strconv.Itoa(abs(n-1))
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// jsString is `${v}` for a value decoded from the event payload.
func jsString(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return jsNumberString(v)
	case float32:
		return jsNumberString(float64(v))
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case json.Number:
		if f, err := v.Float64(); err == nil {
			return jsNumberString(f)
		}
		return v.String()
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			if e != nil {
				parts[i] = jsString(e)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// lookup walks the payload; ok is false where JavaScript would see undefined.
func lookup(m map[string]any, path ...string) (any, bool) {
	var cur any = m
	for _, k := range path {
		obj, isObj := cur.(map[string]any)
		if !isObj {
			return nil, false
		}
		if cur, isObj = obj[k]; !isObj {
			return nil, false
		}
	}
	return cur, true
}

// truthyString is JavaScript's (v || "") for a payload field: null, false, 0
// and "" all become the empty string.
func truthyString(m map[string]any, path ...string) string {
	v, ok := lookup(m, path...)
	if !ok || v == nil || v == false || v == "" || v == 0.0 {
		return ""
	}
	return jsString(v)
}
