package artifact

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// Match kinds, as in @actions/glob's internal-match-kind.ts: a pattern with a
// trailing slash matches directories only.
const (
	kindDir  = 1
	kindFile = 2
	kindAll  = kindDir | kindFile
)

// pathPattern is one line of the `path` input, made absolute (@actions/glob's
// Pattern class).
type pathPattern struct {
	negate      bool
	trailingSep bool
	glob        globPattern // components after the leading "/"
	searchPath  string      // the literal directory before the first glob component
}

// Search implements upload-artifact's `path` input on the host, following
// actions/upload-artifact's src/shared/search.ts over @actions/glob.
//
// patterns holds one glob per line ('*', '**', '?', "[...]"; '#' comments;
// leading '!' excludes; "~" is home; relative lines start at cwd). Patterns
// apply in order, so a later line can re-include what an earlier '!' took
// out. A matched directory brings everything under it, symlinks are
// followed (broken ones skipped), and only regular files are returned,
// absolute and sorted. Without includeHidden, every name from a search path
// down that starts with '.' is skipped, the search path itself included.
//
// root is what entries are stored relative to: the least common ancestor of
// the search paths when there are several, the file's directory when the only
// file found is the single search path itself, else that search path.
// Exclusions never affect it; it is "" when there are no include patterns.
func Search(patterns string, cwd, home string, includeHidden bool) (files []string, root string, err error) {
	if !filepath.IsAbs(cwd) {
		return nil, "", fmt.Errorf("search: working directory %q is not absolute", cwd)
	}
	var pats []*pathPattern
	for line := range strings.SplitSeq(patterns, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p, err := parsePathPattern(line, cwd, home)
		if err != nil {
			return nil, "", fmt.Errorf("search: %w", err)
		}
		pats = append(pats, p)
	}
	searchPaths := getSearchPaths(pats)
	w := &walker{pats: withDescendants(pats), includeHidden: includeHidden}
	for _, sp := range searchPaths {
		if _, err := os.Lstat(sp); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, "", fmt.Errorf("search: %w", err)
		}
		if err := w.visit(sp, nil); err != nil {
			return nil, "", fmt.Errorf("search: %w", err)
		}
	}
	slices.Sort(w.files)
	files = slices.Compact(w.files)
	return files, rootDirectory(searchPaths, files), nil
}

// rootDirectory picks the directory entries are stored relative to, in
// search.ts's order. Exclusions never contribute search paths.
func rootDirectory(searchPaths, files []string) string {
	switch {
	case len(searchPaths) == 0:
		return ""
	case len(searchPaths) > 1:
		return leastCommonAncestor(searchPaths)
	case len(files) == 1 && files[0] == searchPaths[0]:
		// A single file named literally is stored without its directories.
		return filepath.Dir(files[0])
	}
	return searchPaths[0]
}

// leastCommonAncestor is search.ts's getMultiPathLCA: the longest common
// prefix of whole path components.
func leastCommonAncestor(paths []string) string {
	common := strings.Split(paths[0], "/")
	for _, p := range paths[1:] {
		parts := strings.Split(p, "/")
		n := 0
		for n < len(common) && n < len(parts) && common[n] == parts[n] {
			n++
		}
		common = common[:n]
	}
	return "/" + filepath.Join(common...)
}

// parsePathPattern follows internal-pattern.ts: leading '!'s toggle negation,
// '.' and '..' components are refused, a leading "~" means home, other
// relative patterns start at cwd, and a trailing slash matches directories.
func parsePathPattern(line, cwd, home string) (*pathPattern, error) {
	p := &pathPattern{}
	for strings.HasPrefix(line, "!") {
		p.negate = !p.negate
		line = strings.TrimSpace(line[1:])
	}
	if line == "" {
		return nil, errors.New("pattern cannot be empty")
	}
	line = collapseSlashes(line)
	for i, part := range strings.Split(strings.TrimSuffix(line, "/"), "/") {
		lit, ok := literalSegment(part)
		if ok && (lit == ".." || lit == "." && i > 0) {
			return nil, fmt.Errorf("invalid pattern '%s': relative pathing '.' and '..' is not allowed", line)
		}
	}
	switch {
	case line == "." || strings.HasPrefix(line, "./"):
		line = globEscape(cwd) + line[1:]
	case line == "~" || strings.HasPrefix(line, "~/"):
		if !filepath.IsAbs(home) {
			return nil, fmt.Errorf("pattern '%s': home directory %q is not absolute", line, home)
		}
		line = globEscape(home) + line[1:]
	case !strings.HasPrefix(line, "/"):
		line = globEscape(cwd) + "/" + line
	}
	line = collapseSlashes(line)
	p.trailingSep = len(line) > 1 && strings.HasSuffix(line, "/")
	var parts []string
	if rest := strings.Trim(line, "/"); rest != "" {
		parts = strings.Split(rest, "/")
	}
	var lits []string
	for _, part := range parts {
		lit, ok := literalSegment(part)
		if !ok {
			break
		}
		lits = append(lits, lit)
	}
	p.searchPath = "/" + strings.Join(lits, "/")
	var err error
	p.glob, err = compileGlob(parts, globOpts{dot: true})
	return p, err
}

// withDescendants adds implicitDescendants' "<pattern>/**" companions, which
// make a matched directory include everything under it.
func withDescendants(pats []*pathPattern) []*pathPattern {
	var out []*pathPattern
	for _, p := range pats {
		out = append(out, p)
		segs := p.glob.segs
		if p.trailingSep || len(segs) == 0 || !segs[len(segs)-1].globstar {
			d := *p
			d.trailingSep = false
			d.glob.segs = append(slices.Clip(segs), segment{globstar: true})
			out = append(out, &d)
		}
	}
	return out
}

// getSearchPaths is internal-pattern-helper.ts's getSearchPaths: the search
// paths of the include patterns, without duplicates or paths under another.
func getSearchPaths(pats []*pathPattern) []string {
	candidates := map[string]bool{}
	for _, p := range pats {
		if !p.negate {
			candidates[p.searchPath] = true
		}
	}
	var out []string
	for _, p := range pats {
		if p.negate || slices.Contains(out, p.searchPath) {
			continue
		}
		nested := false
		for dir := filepath.Dir(p.searchPath); ; dir = filepath.Dir(dir) {
			if candidates[dir] && dir != p.searchPath {
				nested = true
				break
			}
			if dir == "/" {
				break
			}
		}
		if !nested {
			out = append(out, p.searchPath)
		}
	}
	return out
}

// literalSegment unescapes a component that holds no wildcard; a one-character
// class such as "[a]" counts as the literal "a", as in getLiteral.
func literalSegment(part string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(part); i++ {
		c := part[i]
		switch {
		case c == '\\' && i+1 < len(part):
			i++
			b.WriteByte(part[i])
		case c == '*' || c == '?':
			return "", false
		case c == '[' && i+1 < len(part):
			end := strings.IndexByte(part[i+1:], ']')
			if end < 0 || end == 0 {
				b.WriteByte(c)
				continue
			}
			set := part[i+1 : i+1+end]
			if utf8.RuneCountInString(set) > 1 {
				return "", false
			}
			b.WriteString(set)
			i += end + 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// globEscape makes a directory name safe to prefix to a pattern.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\*?[]`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func collapseSlashes(s string) string {
	for strings.Contains(s, "//") {
		s = strings.ReplaceAll(s, "//", "/")
	}
	return s
}
