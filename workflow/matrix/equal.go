package matrix

import (
	"math"
	"strconv"
	"strings"
)

// GitHub matches include and exclude entries by evaluating `matrix.<path> ==
// <literal>` (MatrixBuilder.MatrixFilter), so matching uses the expression
// language's ==, not Go's. This file is that comparison, after
// EvaluationResult.AbstractEqual and ExpressionUtility.ParseNumber in
// actions/runner's src/Sdk/Expressions: JavaScript's loose equality, except
// that strings compare case-insensitively and objects never equal a scalar.

type kind int

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindCollection
)

func kindOf(v any) kind {
	switch v.(type) {
	case nil:
		return kindNull
	case bool:
		return kindBool
	case float64:
		return kindNumber
	case string:
		return kindString
	}
	return kindCollection
}

// looseEqual is the expression language's ==. Both values are canonical
// (see normalize).
func looseEqual(a, b any) bool {
	ka, kb := kindOf(a), kindOf(b)
	// Coerce as CoerceTypes does: number against string makes both numbers;
	// null or boolean becomes a number and is tried again. Anything else of
	// differing kinds is unequal.
	for ka != kb {
		switch {
		case ka == kindNumber && kb == kindString:
			b, kb = toNumber(b), kindNumber
		case ka == kindString && kb == kindNumber:
			a, ka = toNumber(a), kindNumber
		case ka == kindNull || ka == kindBool:
			a, ka = toNumber(a), kindNumber
		case kb == kindNull || kb == kindBool:
			b, kb = toNumber(b), kindNumber
		default:
			return false
		}
	}
	switch ka {
	case kindNull:
		return true
	case kindBool:
		return a.(bool) == b.(bool)
	case kindNumber:
		// NaN equals nothing, which Go's == already says.
		return a.(float64) == b.(float64)
	case kindString:
		return strings.EqualFold(a.(string), b.(string))
	}
	// Collections are equal only if they are the same object. A filter's
	// literal is always a scalar, so this never holds here.
	return false
}

// toNumber converts a scalar as JavaScript's Number() does; a collection is
// NaN.
func toNumber(v any) float64 {
	switch x := v.(type) {
	case nil:
		return 0
	case bool:
		if x {
			return 1
		}
		return 0
	case float64:
		return x
	case string:
		return parseNumber(x)
	}
	return math.NaN()
}

// parseNumber reads a string as a number the way ParseNumber does: trimmed,
// empty is 0, a decimal with optional sign, point and exponent, 0x hex or 0o
// octal of at most 32 bits (read as a signed 32-bit integer, as .NET's
// Int32 parsing does), or Infinity; anything else is NaN.
func parseNumber(s string) float64 {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return 0
	case isDecimal(s):
		// An out-of-range decimal is ±Inf or 0 with an error, as .NET's
		// Double.TryParse gives, so the error is not needed.
		f, _ := strconv.ParseFloat(s, 64)
		return f
	case len(s) > 2 && s[0] == '0' && s[1] == 'x':
		return parseInt32(s[2:], 16)
	case len(s) > 2 && s[0] == '0' && s[1] == 'o':
		return parseInt32(s[2:], 8)
	case strings.EqualFold(s, "Infinity") || strings.EqualFold(s, "+Infinity"):
		return math.Inf(1)
	case strings.EqualFold(s, "-Infinity"):
		return math.Inf(-1)
	}
	return math.NaN()
}

// isDecimal reports whether s is [+-]digits[.digits][e[+-]digits] with at
// least one digit before the exponent; either side of the point may be
// empty. This is what NumberStyles AllowLeadingSign | AllowDecimalPoint |
// AllowExponent accepts, and excludes the hex floats, underscores and
// "inf"/"nan" that strconv.ParseFloat would also take.
func isDecimal(s string) bool {
	i := 0
	if s[i] == '+' || s[i] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && isDigit(s[i]) {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// parseInt32 reads digits of base as a 32-bit pattern taken as signed, so
// 0xffffffff is -1; more than 32 bits, or any other character, is NaN.
func parseInt32(digits string, base int) float64 {
	// With an explicit base, ParseUint takes no sign, prefix or underscore.
	u, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return math.NaN()
	}
	return float64(int32(uint32(u)))
}
