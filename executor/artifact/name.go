package artifact

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// maxBraceExpansions bounds what a pattern such as "{1..99999}" may expand
// to, so a typo cannot exhaust memory.
const maxBraceExpansions = 10000

// MatchName reports whether an artifact name matches download-artifact's
// `pattern` input. The action builds `new Minimatch(pattern)` with default
// options, so: '#' starts a comment (matches nothing), leading '!'s negate,
// braces expand ({a,b}, {1..3}, {a..c}), '*', '?', "[...]" and "**" match
// within a name but not a leading '.', and extglob groups @(..), ?(..),
// +(..), *(..) work. Negated groups !(..) are refused rather than
// mismatched.
func MatchName(pattern, name string) (bool, error) {
	if strings.HasPrefix(pattern, "#") {
		return false, nil
	}
	negate := false
	for strings.HasPrefix(pattern, "!") {
		negate = !negate
		pattern = pattern[1:]
	}
	if pattern == "" {
		return (name == "") != negate, nil
	}
	alts, err := expandBraces(pattern)
	if err != nil {
		return false, fmt.Errorf("pattern %q: %w", pattern, err)
	}
	parts := strings.Split(name, "/")
	for _, alt := range alts {
		g, err := compileGlob(strings.Split(alt, "/"), globOpts{ext: true})
		if err != nil {
			return false, err
		}
		if g.match(parts, false) {
			return !negate, nil
		}
	}
	return negate, nil
}

// expandBraces performs bash-style brace expansion like the brace-expansion
// package minimatch uses. A brace group with neither a top-level comma nor a
// valid sequence stays literal.
func expandBraces(p string) ([]string, error) {
	open, close, alts := findBraceGroup(p)
	if open < 0 {
		return []string{p}, nil
	}
	pre, post := p[:open], p[close+1:]
	tails, err := expandBraces(post)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, alt := range alts {
		heads, err := expandBraces(pre + alt)
		if err != nil {
			return nil, err
		}
		for _, h := range heads {
			for _, t := range tails {
				out = append(out, h+t)
				if len(out) > maxBraceExpansions {
					return nil, errors.New("brace expansion too large")
				}
			}
		}
	}
	return out, nil
}

// findBraceGroup locates the first expandable "{...}" in p and returns its
// bounds and alternatives; open is -1 when there is none.
func findBraceGroup(p string) (open, close int, alts []string) {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '{':
			end := matchingBrace(p, i)
			if end < 0 {
				return -1, -1, nil
			}
			body := p[i+1 : end]
			if a := splitTopLevel(body); len(a) > 1 {
				return i, end, a
			}
			if a := expandSequence(body); a != nil {
				return i, end, a
			}
		}
	}
	return -1, -1, nil
}

// matchingBrace returns the index of the '}' closing the '{' at open, or -1.
func matchingBrace(p string, open int) int {
	depth := 0
	for i := open; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTopLevel splits a brace body on the commas outside nested braces.
func splitTopLevel(body string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, body[start:i])
				start = i + 1
			}
		}
	}
	return append(out, body[start:])
}

// expandSequence expands "1..5", "01..10..3" or "a..e"; nil if body is not one.
func expandSequence(body string) []string {
	f := strings.Split(body, "..")
	if len(f) != 2 && len(f) != 3 {
		return nil
	}
	step := 1
	if len(f) == 3 {
		s, err := strconv.Atoi(f[2])
		if err != nil || s == 0 {
			return nil
		}
		step = max(s, -s)
	}
	if lo, err1 := strconv.Atoi(f[0]); err1 == nil {
		if hi, err2 := strconv.Atoi(f[1]); err2 == nil {
			return numericSequence(lo, hi, step, padWidth(f[0], f[1]))
		}
	}
	if len(f[0]) == 1 && len(f[1]) == 1 {
		var out []string
		for _, n := range numericSequence(int(f[0][0]), int(f[1][0]), step, 0) {
			c, _ := strconv.Atoi(n)
			out = append(out, string(rune(c)))
		}
		return out
	}
	return nil
}

func numericSequence(lo, hi, step, width int) []string {
	dir := 1
	if hi < lo {
		dir = -1
	}
	var out []string
	for n := lo; (n-hi)*dir <= 0 && len(out) <= maxBraceExpansions; n += step * dir {
		s := strconv.Itoa(max(n, -n))
		for len(s) < width-boolInt(n < 0) {
			s = "0" + s
		}
		if n < 0 {
			s = "-" + s
		}
		out = append(out, s)
	}
	return out
}

// padWidth is the zero-padded width bash keeps when an end has a leading zero.
func padWidth(a, b string) int {
	lead := func(s string) bool {
		s = strings.TrimPrefix(s, "-")
		return len(s) > 1 && s[0] == '0'
	}
	if !lead(a) && !lead(b) {
		return 0
	}
	return max(len(a), len(b))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
