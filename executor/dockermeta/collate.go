package dockermeta

import (
	"slices"
	"strings"
	"unicode"
)

// The action sorts labels with String.prototype.localeCompare, which
// Node answers with ICU's root collation rather than byte order:
// whitespace, then punctuation and symbols in ICU's order, digits, then
// letters compared first without accents or case, then by accent, then
// lowercase before uppercase. This covers ASCII and Latin-1, what label
// keys are made of; other characters sort by code point after them.

// icuPunctuation is the root collation order of ASCII punctuation and
// symbols.
const icuPunctuation = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"

// latin1Base and latin1Accent decompose U+00C0 to U+00DF (and, lower-cased,
// U+00E0 to U+00FF): the base letter, "*" for ×/÷, and an accent rank in
// ICU's secondary order (acute, grave, circumflex, ring, diaeresis, tilde,
// cedilla, stroke, eth). Æ, Þ, ß and ÿ are handled apart.
const (
	latin1Base   = "AAAAAAACEEEEIIIIDNOOOOO*OUUUUYTS"
	latin1Accent = "21365407213521359621365082135100"
)

type collationElement struct{ primary, secondary, tertiary int }

func collationElements(s string) []collationElement {
	out := make([]collationElement, 0, len(s))
	for _, r := range s {
		t := 0
		if unicode.IsUpper(r) {
			t = 1
		}
		switch {
		case r <= ' ':
			out = append(out, collationElement{int(r), 0, 0})
		case r < 0x80 && strings.ContainsRune(icuPunctuation, r):
			out = append(out, collationElement{0x100 + strings.IndexRune(icuPunctuation, r), 0, 0})
		case r >= '0' && r <= '9':
			out = append(out, collationElement{0x200 + int(r), 0, 0})
		case r < 0x80:
			out = append(out, collationElement{0x300 + int(unicode.ToLower(r)), 0, t})
		case r >= 0xc0 && r <= 0xff && r != 0xd7 && r != 0xf7:
			out = append(out, latin1Elements(r, t)...)
		default:
			out = append(out, collationElement{0x1000 + int(unicode.ToLower(r)), 0, t})
		}
	}
	return out
}

func latin1Elements(r rune, t int) []collationElement {
	i := int(r-0xc0) % 0x20
	base := 0x300 + int(unicode.ToLower(rune(latin1Base[i])))
	switch {
	case r == 'Æ' || r == 'æ':
		return []collationElement{{0x300 + 'a', 0, t}, {0x300 + 'e', 0, t}}
	case r == 'ß':
		return []collationElement{{0x300 + 's', 0, 0}, {0x300 + 's', 1, 0}}
	case r == 'ÿ':
		return []collationElement{{0x300 + 'y', 5, t}}
	case r == 'Þ' || r == 'þ':
		base = 0x300 + 'z' + 0x80 // thorn sorts after z
	}
	return []collationElement{{base, int(latin1Accent[i] - '0'), t}}
}

// localeCompare returns -1, 0 or 1, comparing level by level.
func localeCompare(a, b string) int {
	return compareElements(collationElements(a), collationElements(b), a, b)
}

// sortLocale sorts keys as keys.sort((a, b) => a.localeCompare(b)),
// decomposing each key once.
func sortLocale(keys []string) {
	elems := make(map[string][]collationElement, len(keys))
	for _, k := range keys {
		elems[k] = collationElements(k)
	}
	slices.SortStableFunc(keys, func(a, b string) int { return compareElements(elems[a], elems[b], a, b) })
}

func compareElements(ea, eb []collationElement, a, b string) int {
	levels := [3]func(collationElement) int{
		func(e collationElement) int { return e.primary },
		func(e collationElement) int { return e.secondary },
		func(e collationElement) int { return e.tertiary },
	}
	for _, level := range levels {
		for i := 0; i < len(ea) && i < len(eb); i++ {
			if d := level(ea[i]) - level(eb[i]); d != 0 {
				return sign(d)
			}
		}
		if len(ea) != len(eb) {
			return sign(len(ea) - len(eb))
		}
	}
	return strings.Compare(a, b)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
