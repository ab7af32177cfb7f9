package artifact

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// globOpts are the minimatch options the two callers differ in. @actions/glob
// builds its Minimatch with dot:true and noext:true; download-artifact's
// `pattern` uses minimatch's defaults (dot:false, extglob on).
type globOpts struct {
	dot bool // wildcards may match a leading '.'
	ext bool // @(a|b), ?(..), +(..), *(..) groups
}

// segment is one compiled path component of a pattern.
type segment struct {
	globstar   bool           // the whole component is "**"
	literal    string         // used when re is nil and !globstar
	re         *regexp.Regexp // wildcards, classes or extglob groups
	dotLiteral bool           // the component starts with a literal '.'
}

// globPattern matches slash-separated paths component by component, the way
// minimatch's matchOne does.
type globPattern struct {
	segs []segment
	opts globOpts
}

func compileGlob(parts []string, o globOpts) (globPattern, error) {
	p := globPattern{opts: o}
	for _, part := range parts {
		s, err := compileSegment(part, o)
		if err != nil {
			return globPattern{}, err
		}
		p.segs = append(p.segs, s)
	}
	return p, nil
}

// match reports whether the components f match. With partial, running out of
// components before the pattern ends also counts: the walker uses that to
// decide whether a directory may still hold matches (minimatch's partial mode).
func (p globPattern) match(f []string, partial bool) bool {
	return p.matchFrom(p.segs, f, partial)
}

func (p globPattern) matchFrom(segs []segment, f []string, partial bool) bool {
	for len(segs) > 0 {
		if segs[0].globstar {
			rest := segs[1:]
			for i := 0; i <= len(f); i++ {
				if p.matchFrom(rest, f[i:], partial) {
					return true
				}
				// ** never swallows . or .., nor dot-names unless dot is set.
				if i < len(f) && !p.swallowable(f[i]) {
					return false
				}
			}
			return false
		}
		if len(f) == 0 {
			return partial
		}
		if !p.matchSegment(segs[0], f[0]) {
			return false
		}
		segs, f = segs[1:], f[1:]
	}
	return len(f) == 0
}

func (p globPattern) swallowable(name string) bool {
	if name == "." || name == ".." {
		return false
	}
	return p.opts.dot || !strings.HasPrefix(name, ".")
}

func (p globPattern) matchSegment(s segment, name string) bool {
	if s.re == nil {
		return s.literal == name
	}
	if name == "." || name == ".." {
		return false
	}
	if !p.opts.dot && strings.HasPrefix(name, ".") && !s.dotLiteral {
		return false
	}
	return s.re.MatchString(name)
}

// compileSegment turns one component into a literal, a globstar or an
// anchored regexp. Backslash escapes the next character, as on Linux.
func compileSegment(part string, o globOpts) (segment, error) {
	if part == "**" {
		return segment{globstar: true}, nil
	}
	t := &segTranslator{opts: o}
	for i := 0; i < len(part); i++ {
		n, err := t.step(part, i)
		if err != nil {
			return segment{}, fmt.Errorf("pattern %q: %w", part, err)
		}
		i += n
	}
	if len(t.closers) > 0 {
		return segment{}, fmt.Errorf("pattern %q: unclosed extglob group", part)
	}
	if !t.magic {
		return segment{literal: t.lit.String()}, nil
	}
	rx, err := regexp.Compile(`^(?s:` + t.re.String() + `)$`)
	if err != nil {
		return segment{}, fmt.Errorf("pattern %q: %w", part, err)
	}
	return segment{re: rx, dotLiteral: strings.HasPrefix(part, ".") || strings.HasPrefix(part, `\.`)}, nil
}

// segTranslator builds a component's regexp and, in case it has no magic,
// its unescaped literal.
type segTranslator struct {
	opts    globOpts
	re, lit strings.Builder
	magic   bool
	closers []string // the ")", ")?", ")+" or ")*" ending each open extglob group
}

// step translates the token starting at part[i] and returns how many bytes
// past part[i] it used.
func (t *segTranslator) step(part string, i int) (int, error) {
	c := part[i]
	switch {
	case c == '\\' && i+1 < len(part):
		t.literal(part[i+1 : i+2])
		return 1, nil
	case t.opts.ext && strings.IndexByte("@?+*!", c) >= 0 && i+1 < len(part) && part[i+1] == '(':
		if c == '!' {
			return 0, errors.New("negated extglob !(...) is not supported")
		}
		t.magic = true
		t.closers = append(t.closers, ")"+strings.TrimPrefix(string(c), "@"))
		t.re.WriteString("(?:")
		return 1, nil
	case len(t.closers) > 0 && c == '|':
		t.re.WriteByte('|')
	case len(t.closers) > 0 && c == ')':
		last := len(t.closers) - 1
		t.re.WriteString(t.closers[last])
		t.closers = t.closers[:last]
	case c == '*':
		t.magic = true
		t.re.WriteString(`[^/]*`)
	case c == '?':
		t.magic = true
		t.re.WriteString(`[^/]`)
	case c == '[':
		class, n, ok := parseClass(part[i:])
		if !ok {
			t.literal("[")
			return 0, nil
		}
		t.magic = true
		t.re.WriteString(class)
		return n - 1, nil
	default:
		t.literal(part[i : i+1])
	}
	return 0, nil
}

// literal appends bytes to match exactly. Multi-byte characters arrive a byte
// at a time; QuoteMeta leaves such bytes alone, so they reassemble.
func (t *segTranslator) literal(s string) {
	t.re.WriteString(regexp.QuoteMeta(s))
	t.lit.WriteString(s)
}

// parseClass translates a bracket expression at the start of s ("[a-z]",
// "[!abc]", "[[:alpha:]]") into a Go regexp and returns how many bytes it
// used. ok is false when the bracket is never closed: minimatch then takes the
// '[' literally.
func parseClass(s string) (class string, n int, ok bool) {
	var b strings.Builder
	i, negate := 1, false
	if i < len(s) && (s[i] == '!' || s[i] == '^') {
		negate = true
		i++
	}
	for first := true; i < len(s); first = false {
		if s[i] == ']' && !first {
			return wrapClass(b.String(), negate), i + 1, true
		}
		if name, w := posixClass(s[i:]); w > 0 {
			b.WriteString("[:" + name + ":]")
			i += w
			continue
		}
		lo, w := classChar(s, i)
		i += w
		if i+1 < len(s) && s[i] == '-' && s[i+1] != ']' {
			hi, w2 := classChar(s, i+1)
			i += 1 + w2
			if lo <= hi { // a reversed range matches nothing
				fmt.Fprintf(&b, `\x{%x}-\x{%x}`, lo, hi)
			}
			continue
		}
		fmt.Fprintf(&b, `\x{%x}`, lo)
	}
	return "", 0, false
}

// wrapClass brackets the class body; Go rejects an empty class, which can
// only come from reversed ranges: it matches nothing, its negation anything.
func wrapClass(body string, negate bool) string {
	switch {
	case body == "" && negate:
		return `[\x00-\x{10FFFF}]`
	case body == "":
		return `[^\x00-\x{10FFFF}]`
	case negate:
		return "[^" + body + "]"
	}
	return "[" + body + "]"
}

// posixClass recognises "[:alpha:]" and the like inside a bracket expression.
func posixClass(s string) (name string, n int) {
	if !strings.HasPrefix(s, "[:") {
		return "", 0
	}
	end := strings.Index(s[2:], ":]")
	if end < 0 {
		return "", 0
	}
	switch name = s[2 : 2+end]; name {
	case "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
		"lower", "print", "punct", "space", "upper", "word", "xdigit":
		return name, end + 4
	}
	return "", 0
}

// classChar reads one (possibly escaped) character of a bracket expression.
func classChar(s string, i int) (rune, int) {
	if s[i] == '\\' && i+1 < len(s) {
		r, w := utf8.DecodeRuneInString(s[i+1:])
		return r, w + 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return r, w
}
