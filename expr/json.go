package expr

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// maxJSONDepth bounds toJSON recursion so that cyclic Go values cannot
// overflow the stack; deeper values are written as null.
const maxJSONDepth = 1000

// ToJSON renders v exactly as the runner's toJSON does: two-space indented,
// "key": value pairs, empty arrays and objects as [] and {}, numbers
// formatted like ToString (so 1E+15 and NaN appear unquoted, as in the
// runner), strings escaped the way Newtonsoft.Json does by default.
//
// GitHub preserves the insertion order of object keys; Go maps have no
// order, so keys are written sorted (byte order).
func ToJSON(v any) string {
	var b strings.Builder
	writeJSON(&b, v, 0)
	return b.String()
}

func writeJSON(b *strings.Builder, v any, level int) {
	if level > maxJSONDepth {
		b.WriteString("null")
		return
	}
	s := classify(v)
	switch s.k {
	case kindNull:
		b.WriteString("null")
	case kindBool:
		b.WriteString(formatBool(s.b))
	case kindNumber:
		b.WriteString(FormatNumber(s.n))
	case kindString:
		writeJSONString(b, s.s)
	case kindArray:
		writeJSONArray(b, arrayItems(s.x), level)
	default:
		m, ok := s.x.(map[string]any)
		if !ok {
			b.WriteString("{}") // a value the runner does not know how to traverse
			return
		}
		writeJSONObject(b, m, level)
	}
}

func writeJSONArray(b *strings.Builder, items []any, level int) {
	if len(items) == 0 {
		b.WriteString("[]")
		return
	}
	b.WriteByte('[')
	for i, item := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		newline(b, level+1)
		writeJSON(b, item, level+1)
	}
	newline(b, level)
	b.WriteByte(']')
}

func writeJSONObject(b *strings.Builder, m map[string]any, level int) {
	if len(m) == 0 {
		b.WriteString("{}")
		return
	}
	b.WriteByte('{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b.WriteByte(',')
		}
		newline(b, level+1)
		writeJSONString(b, k)
		b.WriteString(": ")
		writeJSON(b, m[k], level+1)
	}
	newline(b, level)
	b.WriteByte('}')
}

func newline(b *strings.Builder, level int) {
	b.WriteByte('\n')
	for i := 0; i < level; i++ {
		b.WriteString("  ")
	}
}

const hexDigits = "0123456789abcdef"

// QuoteJSON returns s as a JSON string literal, escaped as toJSON escapes
// it (Newtonsoft's defaults), for packages that must match the runner's
// JSON text (the masker's JSON encoding of a secret, say).
func QuoteJSON(s string) string {
	var b strings.Builder
	writeJSONString(&b, s)
	return b.String()
}

// writeJSONString writes s quoted and escaped like Newtonsoft.Json's default
// StringEscapeHandling: \" \\ \b \f \n \r \t, other control characters and
// U+0085, U+2028, U+2029 as \uXXXX (lower-case hex). Invalid UTF-8 is
// written as U+FFFD.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case 0x85, 0x2028, 0x2029:
			writeUnicodeEscape(b, r)
		default:
			if r < 0x20 {
				writeUnicodeEscape(b, r)
			} else {
				b.WriteRune(r) // utf8.RuneError for invalid bytes
			}
		}
	}
	b.WriteByte('"')
}

func writeUnicodeEscape(b *strings.Builder, r rune) {
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[(r>>shift)&0xF])
	}
}

// fromJSON parses a JSON document into the value model (numbers become
// float64). Like the runner (Newtonsoft's JToken.ReadFrom), only the first
// JSON value is read; trailing text is ignored.
func fromJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("unexpected end of input")
		}
		return nil, err
	}
	return numbersToFloat(v), nil
}

func numbersToFloat(v any) any {
	switch t := v.(type) {
	case json.Number:
		return parseNumber(string(t))
	case []any:
		for i, e := range t {
			t[i] = numbersToFloat(e)
		}
	case map[string]any:
		for k, e := range t {
			t[k] = numbersToFloat(e)
		}
	}
	return v
}

// arrayItems returns the elements of an array value.
func arrayItems(v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case filteredArray:
		return t
	}
	return nil
}
