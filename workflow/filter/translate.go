package filter

import (
	"strings"
	"unicode/utf8"
)

// translation is the result of reading one pattern body (without its '!').
type translation struct {
	// regex is the RE2 expression for the body, without anchors.
	regex string
	// literal is the unescaped body; valid only when isLiteral is set.
	literal string
	// isLiteral reports that the body has no special characters, so that a
	// plain string comparison can stand in for the regular expression.
	isLiteral bool
}

// translate turns a pattern body into a regular expression. base is the
// offset of body inside the original pattern, so that errors point at the
// right byte of what the user wrote.
func translate(pattern string, base int) (translation, error) {
	body := pattern[base:]
	fail := func(off int, msg string) (translation, error) {
		return translation{}, &PatternError{Pattern: pattern, Offset: base + off, Msg: msg}
	}
	if !utf8.ValidString(body) {
		for i := 0; i < len(body); {
			r, size := utf8.DecodeRuneInString(body[i:])
			if r == utf8.RuneError && size == 1 {
				return fail(i, "invalid UTF-8")
			}
			i += size
		}
	}

	var re, lit strings.Builder
	isLiteral := true
	// canRepeat says whether the last thing written is a single character
	// (or class) that '?' and '+' may apply to; '*' and '**' are not.
	canRepeat := false
	// afterSlash says whether the body so far is empty or ends in a literal
	// '/', i.e. whether a "**/" here starts at a path segment boundary.
	afterSlash := true

	for i := 0; i < len(body); {
		c := body[i]
		switch c {
		case '*':
			j := i
			for j < len(body) && body[j] == '*' {
				j++
			}
			isLiteral = false
			canRepeat = false
			if j-i == 1 {
				re.WriteString(`[^/]*`)
			} else if afterSlash && j < len(body) && body[j] == '/' && !repeatAt(body, j+1) {
				// "**/" at a segment boundary may match zero directories.
				re.WriteString(`(?:.*/)?`)
				j++
			} else {
				re.WriteString(`.*`)
			}
			afterSlash = j > i && body[j-1] == '/'
			i = j

		case '?', '+':
			if !canRepeat {
				return fail(i, "'"+string(c)+"' has no preceding character to repeat (it cannot start the pattern or follow '*', '?' or '+')")
			}
			isLiteral = false
			canRepeat = false
			afterSlash = false
			re.WriteByte(c)
			i++

		case '[':
			class, n, err := translateClass(pattern, base, i)
			if err != nil {
				return translation{}, err
			}
			isLiteral = false
			canRepeat = true
			afterSlash = false
			re.WriteString(class)
			i += n

		case '\\':
			if i+1 >= len(body) {
				return fail(i, "'\\' at the end of the pattern escapes nothing")
			}
			r, size := utf8.DecodeRuneInString(body[i+1:])
			writeLiteral(&re, r)
			lit.WriteRune(r)
			canRepeat = true
			afterSlash = r == '/'
			i += 1 + size

		default:
			r, size := utf8.DecodeRuneInString(body[i:])
			writeLiteral(&re, r)
			lit.WriteRune(r)
			canRepeat = true
			afterSlash = r == '/'
			i += size
		}
	}
	return translation{regex: re.String(), literal: lit.String(), isLiteral: isLiteral}, nil
}

// repeatAt reports whether body[i] is a repetition operator. "**/?" must
// not swallow the '/' into the zero-directories form, since the '?' then
// needs the '/' as its preceding character.
func repeatAt(body string, i int) bool {
	return i < len(body) && (body[i] == '?' || body[i] == '+')
}

// translateClass reads the bracket expression starting at body offset start
// (pointing at '[') and returns its regular expression and its length.
func translateClass(pattern string, base, start int) (string, int, error) {
	body := pattern[base:]
	fail := func(off int, msg string) (string, int, error) {
		return "", 0, &PatternError{Pattern: pattern, Offset: base + off, Msg: msg}
	}

	// Collect the listed characters first, so ranges can be checked with
	// both ends known.
	type item struct {
		r   rune
		off int
	}
	var items []item
	i := start + 1
	for {
		if i >= len(body) {
			return fail(start, "'[' is never closed by ']'")
		}
		if body[i] == ']' {
			break
		}
		off := i
		if body[i] == '\\' {
			if i+1 >= len(body) {
				return fail(start, "'[' is never closed by ']'")
			}
			i++
		}
		r, size := utf8.DecodeRuneInString(body[i:])
		items = append(items, item{r, off})
		i += size
	}
	end := i + 1
	if len(items) == 0 {
		return fail(start, "'[]' lists no characters")
	}

	var re strings.Builder
	re.WriteByte('[')
	rangeEnd := -1 // index of the item that closed the last range
	for k := 0; k < len(items); k++ {
		// An unescaped '-' between two single items is a range; a '-'
		// first, last, or right after a range is just a '-'.
		isDash := items[k].r == '-' && body[items[k].off] == '-'
		if isDash && k > 0 && k+1 < len(items) && rangeEnd != k-1 {
			lo, hi := items[k-1], items[k+1]
			if !sameRangeClass(lo.r, hi.r) {
				return fail(items[k].off, "range "+string(lo.r)+"-"+string(hi.r)+" must stay within 0-9, a-z or A-Z")
			}
			if lo.r > hi.r {
				return fail(items[k].off, "range "+string(lo.r)+"-"+string(hi.r)+" is reversed")
			}
			// The start was already written as a single character; the
			// regexp range "lo-hi" still includes it.
			re.WriteByte('-')
			writeLiteral(&re, hi.r)
			k++
			rangeEnd = k
			continue
		}
		writeLiteral(&re, items[k].r)
	}
	re.WriteByte(']')
	return re.String(), end - start, nil
}

// sameRangeClass reports whether a and b both lie in 0-9, both in a-z, or
// both in A-Z: the only ranges GitHub documents.
func sameRangeClass(a, b rune) bool {
	in := func(r, lo, hi rune) bool { return lo <= r && r <= hi }
	return in(a, '0', '9') && in(b, '0', '9') ||
		in(a, 'a', 'z') && in(b, 'a', 'z') ||
		in(a, 'A', 'Z') && in(b, 'A', 'Z')
}

// writeLiteral writes r so that the regexp reads it as itself, both inside
// and outside brackets: RE2 takes '\' followed by any ASCII character that
// is not a letter or digit as that character.
func writeLiteral(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf && !isAlnum(byte(r)) {
		b.WriteByte('\\')
	}
	b.WriteRune(r)
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
