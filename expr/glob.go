package expr

import (
	"fmt"
	"path"
	"strings"
)

// This file implements the subset of @actions/glob that hashFiles uses:
// patterns rooted at the workspace, `!` exclusions (the last matching
// pattern wins), `*`, `?`, `[...]`, `**`, backslash escapes, a trailing `/`
// for directories only, implicit descendants (a pattern matching a
// directory matches everything under it), dot files matched, case-sensitive
// matching (as on Linux). Brace and extglob syntax are not special.

// matchKind says what a pattern matched.
type matchKind uint8

const (
	matchDirectory matchKind = 1 << iota
	matchFile
	matchAll = matchDirectory | matchFile
)

// globPattern is one parsed pattern. segments are the pattern split on '/'
// of the rooted pattern; segments[0] is "" (the filesystem root).
type globPattern struct {
	negate     bool
	segments   []string
	dirOnly    bool   // pattern ended with '/'
	searchPath string // literal directory before the first glob segment
}

// parseGlobPatterns parses newline-separated patterns (empty lines and
// lines starting with # are skipped) and adds the implicit-descendant
// patterns. root and home must be absolute, clean paths.
func parseGlobPatterns(lines []string, root, home string) ([]globPattern, error) {
	var out []globPattern
	for _, line := range strings.Split(strings.Join(lines, "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p, err := parseGlobPattern(line, root, home)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
		if p.dirOnly || p.segments[len(p.segments)-1] != "**" {
			d := globPattern{negate: p.negate, searchPath: p.searchPath}
			d.segments = append(append([]string(nil), p.segments...), "**")
			out = append(out, d)
		}
	}
	return out, nil
}

func parseGlobPattern(line, root, home string) (globPattern, error) {
	var p globPattern
	for strings.HasPrefix(line, "!") {
		p.negate = !p.negate
		line = strings.TrimSpace(line[1:])
	}
	if line == "" {
		return p, fmt.Errorf("invalid pattern '!': pattern cannot be empty")
	}
	for i, seg := range strings.Split(line, "/") {
		lit, ok := globLiteral(seg)
		if ok && (lit == ".." || (lit == "." && i > 0)) {
			return p, fmt.Errorf("invalid pattern '%s': relative pathing '.' and '..' is not allowed", line)
		}
	}
	switch {
	case line == "." || strings.HasPrefix(line, "./"):
		line = globEscape(root) + line[1:]
	case line == "~" || strings.HasPrefix(line, "~/"):
		line = globEscape(home) + line[1:]
	case !strings.HasPrefix(line, "/"):
		line = globEscape(root) + "/" + line
	}
	for strings.Contains(line, "//") {
		line = strings.ReplaceAll(line, "//", "/")
	}
	if len(line) > 1 && strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = strings.TrimSuffix(line, "/")
	}
	p.segments = collapseGlobstars(strings.Split(line, "/"))
	if line == "/" {
		p.segments = []string{""}
	}
	p.searchPath = literalPrefix(p.segments)
	return p, nil
}

// collapseGlobstars replaces runs of ** segments by one (same meaning,
// less backtracking).
func collapseGlobstars(segs []string) []string {
	out := segs[:0:0]
	for _, s := range segs {
		if s == "**" && len(out) > 0 && out[len(out)-1] == "**" {
			continue
		}
		out = append(out, s)
	}
	return out
}

// literalPrefix joins the leading segments that contain no glob syntax.
func literalPrefix(segments []string) string {
	var lits []string
	for _, s := range segments {
		lit, ok := globLiteral(s)
		if !ok {
			break
		}
		lits = append(lits, lit)
	}
	if len(lits) <= 1 {
		return "/"
	}
	return strings.Join(lits, "/")
}

// globEscape escapes glob syntax in a literal path.
func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "[", "[[]", "?", "[?]", "*", "[*]")
	return r.Replace(s)
}

// globLiteral unescapes a segment that contains no wildcard; ok is false
// for a segment with *, ? or a character set of more than one character.
func globLiteral(seg string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case c == '\\' && i+1 < len(seg):
			i++
			b.WriteByte(seg[i])
		case c == '*' || c == '?':
			return "", false
		case c == '[' && i+1 < len(seg):
			set, end, closed := readClass(seg, i)
			if !closed {
				b.WriteByte(c)
				continue
			}
			if len(set) != 1 {
				return "", false
			}
			b.WriteString(set)
			i = end
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// readClass reads the raw members of "[...]" starting at seg[i] == '['.
func readClass(seg string, i int) (set string, end int, closed bool) {
	var b strings.Builder
	for j := i + 1; j < len(seg); j++ {
		switch c := seg[j]; {
		case c == '\\' && j+1 < len(seg):
			j++
			b.WriteByte(seg[j])
		case c == ']' && j > i+1:
			return b.String(), j, true
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, false
}

// match reports what p matches at the absolute path item.
func (p *globPattern) match(item string) matchKind {
	if !matchSegments(p.segments, splitPath(item), false) {
		return 0
	}
	if p.dirOnly {
		return matchDirectory
	}
	return matchAll
}

// partialMatch reports whether p may match descendants of item.
func (p *globPattern) partialMatch(item string) bool {
	return matchSegments(p.segments, splitPath(item), true)
}

func splitPath(item string) []string {
	if item == "/" {
		return []string{""}
	}
	return strings.Split(path.Clean(item), "/")
}

// matchSegments matches path segments against pattern segments; ** matches
// zero or more segments. With partial, a path that ends before the pattern
// does is a match (the pattern may match its descendants).
func matchSegments(pat, segs []string, partial bool) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegments(pat[1:], segs[i:], partial) {
					return true
				}
			}
			return partial && len(segs) == 0
		}
		if len(segs) == 0 {
			return partial
		}
		if !matchSegment(pat[0], segs[0]) {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// matchSegment matches one path segment against a glob segment with *, ?,
// [...] (negated with ! or ^, ranges a-z) and backslash escapes.
func matchSegment(pattern, segment string) bool {
	if pattern == segment {
		return true
	}
	pat, name := []rune(pattern), []rune(segment)
	px, nx := 0, 0
	starPx, starNx := -1, 0
	for nx < len(name) {
		if px < len(pat) {
			if pat[px] == '*' {
				starPx, starNx = px, nx
				px++
				continue
			}
			if n, ok := matchOne(pat, px, name[nx]); ok {
				px, nx = n, nx+1
				continue
			}
		}
		if starPx < 0 {
			return false
		}
		px, starNx = starPx+1, starNx+1
		nx = starNx
	}
	for px < len(pat) && pat[px] == '*' {
		px++
	}
	return px == len(pat)
}

// matchOne matches the single-character pattern item at pat[px] against c,
// returning the offset after the item.
func matchOne(pat []rune, px int, c rune) (int, bool) {
	switch pat[px] {
	case '?':
		return px + 1, true
	case '\\':
		if px+1 < len(pat) {
			return px + 2, pat[px+1] == c
		}
	case '[':
		if set, end, closed := readClassRaw(pat, px); closed {
			return end + 1, classMatches(set, c)
		}
	}
	return px + 1, pat[px] == c
}

// readClassRaw returns the raw members between '[' and the closing ']'.
func readClassRaw(pat []rune, i int) ([]rune, int, bool) {
	for j := i + 1; j < len(pat); j++ {
		switch {
		case pat[j] == '\\' && j+1 < len(pat):
			j++
		case pat[j] == ']' && j > i+1 && !(j == i+2 && (pat[i+1] == '!' || pat[i+1] == '^')):
			return pat[i+1 : j], j, true
		}
	}
	return nil, 0, false
}

func classMatches(set []rune, c rune) bool {
	negate := false
	if len(set) > 0 && (set[0] == '!' || set[0] == '^') {
		negate, set = true, set[1:]
	}
	found := false
	for i := 0; i < len(set); i++ {
		lo := set[i]
		if lo == '\\' && i+1 < len(set) {
			i++
			lo = set[i]
		}
		hi := lo
		if i+2 < len(set) && set[i+1] == '-' {
			hi = set[i+2]
			i += 2
		}
		if lo <= c && c <= hi {
			found = true
		}
	}
	return found != negate
}
