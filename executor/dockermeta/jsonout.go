package dockermeta

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonObject is a JSON object in JavaScript's property order.
type jsonObject []jsonField

type jsonField struct {
	key string
	val any // string, []string or jsonObject
}

// jsonStringify is JSON.stringify(v) (indent "") or
// JSON.stringify(v, null, 2) (indent "  ").
func jsonStringify(v any, indent string) string {
	var b strings.Builder
	writeJSON(&b, v, indent, 0)
	return b.String()
}

func writeJSON(b *strings.Builder, v any, indent string, depth int) {
	list := func(opening, closing byte, n int, item func(i int)) {
		b.WriteByte(opening)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			if indent != "" {
				b.WriteString("\n" + strings.Repeat(indent, depth+1))
			}
			item(i)
		}
		if n > 0 && indent != "" {
			b.WriteString("\n" + strings.Repeat(indent, depth))
		}
		b.WriteByte(closing)
	}
	switch v := v.(type) {
	case string:
		writeJSONString(b, v)
	case []string:
		list('[', ']', len(v), func(i int) { writeJSONString(b, v[i]) })
	case jsonObject:
		list('{', '}', len(v), func(i int) {
			writeJSONString(b, v[i].key)
			b.WriteByte(':')
			if indent != "" {
				b.WriteByte(' ')
			}
			writeJSON(b, v[i].val, indent, depth+1)
		})
	default:
		panic(fmt.Sprintf("dockermeta: no JSON form for %T", v))
	}
}

// writeJSONString escapes as JSON.stringify does: quotes, backslashes and
// control characters only; <, >, & and U+2028 stay as they are. Bytes
// that are not UTF-8 become U+FFFD, as they would reading into JavaScript.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		}
		b.WriteString(s[start:i])
		switch c {
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
		default:
			if c < 0x20 {
				fmt.Fprintf(b, `\u%04x`, c)
			} else {
				b.WriteRune(utf8.RuneError)
			}
		}
		i++
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// labelObject is the action's reduce of key=value strings into an object:
// the value stops at a line break (the regex's ".*"), "__proto__" is lost
// to the prototype setter, and array-index keys come first in numeric order.
func labelObject(labels []string) jsonObject {
	var obj jsonObject
	pos := map[string]int{}
	for _, l := range labels {
		key, val, ok := strings.Cut(l, "=")
		if !ok || key == "__proto__" {
			continue
		}
		if i := strings.IndexAny(val, "\n\r\u2028\u2029"); i >= 0 {
			val = val[:i]
		}
		if i, dup := pos[key]; dup {
			obj[i].val = val
			continue
		}
		pos[key] = len(obj)
		obj = append(obj, jsonField{key, val})
	}
	sort.SliceStable(obj, func(i, j int) bool {
		ni, iIdx := arrayIndex(obj[i].key)
		nj, jIdx := arrayIndex(obj[j].key)
		return iIdx && (!jIdx || ni < nj)
	})
	return obj
}

// arrayIndex reports whether a property name is an array index, which
// JavaScript objects list before their other keys.
func arrayIndex(k string) (uint64, bool) {
	n, err := strconv.ParseUint(k, 10, 32)
	return n, err == nil && strconv.FormatUint(n, 10) == k && n < 1<<32-1
}
