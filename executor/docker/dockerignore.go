package docker

import (
	"archive/tar"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"text/scanner"
	"time"
)

// The build context is what `docker build` sends: the context directory as a
// tar, minus what .dockerignore excludes, with the Dockerfile and .dockerignore
// always included. The matcher below reproduces github.com/moby/patternmatcher
// v0.6.0 (what docker's CLI and daemon use) rule for rule — the regexp
// translation, the exact/prefix/suffix shortcuts, "!" exceptions and the
// parent-directory bookkeeping of MatchesUsingParentResults — and the walk
// reproduces moby/go-archive's TarWithOptions as the CLI calls it (uid/gid 0,
// PAX headers, mtime in whole seconds, hard links kept, excluded directories
// pruned unless an exception could match inside). It is written here rather
// than imported so that the executor adds no module to go.mod.

// readDockerignore reads ContextDir/.dockerignore the way docker does
// (moby/patternmatcher/ignorefile.ReadAll): a UTF-8 BOM is dropped, lines
// starting with "#" are comments, patterns are trimmed and cleaned, and a
// leading "/" is dropped. A missing file means no patterns.
func readDockerignore(contextDir string) ([]string, error) {
	f, err := os.Open(filepath.Join(contextDir, ".dockerignore"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read .dockerignore: %w", err)
	}
	defer f.Close()
	patterns, err := parseDockerignore(f)
	if err != nil {
		return nil, fmt.Errorf("read .dockerignore: %w", err)
	}
	return patterns, nil
}

func parseDockerignore(r io.Reader) ([]string, error) {
	var patterns []string
	sc := bufio.NewScanner(r)
	for first := true; sc.Scan(); first = false {
		line := sc.Bytes()
		if first {
			line = bytes.TrimPrefix(line, []byte{0xEF, 0xBB, 0xBF})
		}
		p := string(line)
		if strings.HasPrefix(p, "#") { // before trimming, as docker does
			continue
		}
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		invert := p[0] == '!'
		if invert {
			p = strings.TrimSpace(p[1:])
		}
		if p != "" {
			p = filepath.ToSlash(filepath.Clean(p))
			if len(p) > 1 && p[0] == '/' {
				p = p[1:]
			}
		}
		if invert {
			p = "!" + p
		}
		patterns = append(patterns, p)
	}
	return patterns, sc.Err()
}

// ignoreMatcher is a compiled list of .dockerignore patterns; later patterns
// override earlier ones, and "!" patterns re-include.
type ignoreMatcher struct {
	patterns   []*ignorePattern
	exceptions bool
}

type matchKind int

const (
	matchExact matchKind = iota + 1
	matchPrefix
	matchSuffix
	matchRegexp
)

type ignorePattern struct {
	text      string // cleaned, without the "!"
	exception bool
	kind      matchKind
	re        *regexp.Regexp
}

func newIgnoreMatcher(patterns []string) (*ignoreMatcher, error) {
	m := &ignoreMatcher{}
	for _, raw := range patterns {
		p := strings.TrimSpace(raw)
		if p == "" {
			continue
		}
		p = filepath.Clean(p)
		ip := &ignorePattern{}
		if p[0] == '!' {
			if len(p) == 1 {
				return nil, errors.New(`illegal exclusion pattern: "!"`)
			}
			ip.exception = true
			m.exceptions = true
			p = p[1:]
		}
		// filepath.Match's error is docker's syntax check too.
		if _, err := filepath.Match(p, "."); err != nil {
			return nil, fmt.Errorf("pattern %q: %w", raw, err)
		}
		ip.text = p
		if err := ip.compile(); err != nil {
			return nil, fmt.Errorf("pattern %q: %w", raw, filepath.ErrBadPattern)
		}
		m.patterns = append(m.patterns, ip)
	}
	return m, nil
}

// regexpSpecial are characters that mean something to regexp but nothing to
// a filepath pattern, so they are escaped (docker's list).
const regexpSpecial = ".+()|{}$"

// compile translates the pattern as patternmatcher does: "*" is any run of
// non-slashes, "?" one non-slash, "**" any number of path elements (a leading
// "**/" also matches at the top), "\" escapes, [...] classes pass through.
// Patterns without wildcards compare as strings.
func (p *ignorePattern) compile() error {
	re := "^"
	var sc scanner.Scanner
	sc.Init(strings.NewReader(p.text))
	p.kind = matchExact
	for i := 0; sc.Peek() != scanner.EOF; i++ {
		ch := sc.Next()
		switch {
		case ch == '*':
			if sc.Peek() != '*' {
				re += "[^/]*"
				p.kind = matchRegexp
				break
			}
			sc.Next()
			if sc.Peek() == '/' { // "**/" is "**"
				sc.Next()
			}
			if sc.Peek() == scanner.EOF {
				// trailing "**" matches everything below, as in .gitignore
				if p.kind == matchExact {
					p.kind = matchPrefix
				} else {
					re += ".*"
					p.kind = matchRegexp
				}
			} else {
				re += "(.*/)?"
				p.kind = matchRegexp
			}
			if i == 0 {
				p.kind = matchSuffix
			}
		case ch == '?':
			re += "[^/]"
			p.kind = matchRegexp
		case strings.ContainsRune(regexpSpecial, ch):
			re += `\` + string(ch)
		case ch == '\\':
			if sc.Peek() != scanner.EOF {
				re += `\` + string(sc.Next())
				p.kind = matchRegexp
			} else {
				re += `\` // a lone trailing "\" (filepath.Match rejects it first)
			}
		case ch == '[' || ch == ']':
			re += string(ch)
			p.kind = matchRegexp
		default:
			re += string(ch)
		}
	}
	if p.kind != matchRegexp {
		return nil
	}
	compiled, err := regexp.Compile(re + "$")
	if err != nil {
		return err
	}
	p.re = compiled
	return nil
}

func (p *ignorePattern) match(name string) bool {
	switch p.kind {
	case matchExact:
		return name == p.text
	case matchPrefix:
		return strings.HasPrefix(name, p.text[:len(p.text)-2])
	case matchSuffix:
		suffix := p.text[2:]
		if strings.HasSuffix(name, suffix) {
			return true
		}
		return suffix != "" && suffix[0] == '/' && name == suffix[1:] // "**/foo" matches "foo"
	case matchRegexp:
		return p.re.MatchString(name)
	}
	return false
}

// excluded reports whether the slash-separated path name is excluded,
// checking every parent directory too (patternmatcher's
// MatchesOrParentMatches).
func (m *ignoreMatcher) excluded(name string) bool {
	ex, _ := m.matchWithParents(name, nil)
	return ex
}

// matchWithParents is patternmatcher's MatchesUsingParentResults: parent holds,
// per pattern, whether the parent directory matched it (nil when unknown, in
// which case every ancestor is checked). It returns the verdict for name and
// the per-pattern results to pass to name's children.
func (m *ignoreMatcher) matchWithParents(name string, parent []bool) (bool, []bool) {
	results := make([]bool, len(m.patterns))
	excluded := false
	for i, p := range m.patterns {
		matched := parent != nil && parent[i]
		if !matched {
			// An inclusion cannot change an already excluded path, nor an
			// exception a path that is not excluded: skip them.
			if p.exception != excluded {
				continue
			}
			matched = p.match(name)
			if !matched && parent == nil {
				if dir := path.Dir(name); dir != "." {
					elems := strings.Split(dir, "/")
					for j := range elems {
						if p.match(strings.Join(elems[:j+1], "/")) {
							matched = true
							break
						}
					}
				}
			}
		}
		results[i] = matched
		if matched {
			excluded = !p.exception
		}
	}
	return excluded, results
}

// mayReinclude reports whether an exception pattern names something inside
// dir, in which case an excluded dir must still be walked (docker's test: the
// exception, as written, starts with "dir/").
func (m *ignoreMatcher) mayReinclude(dir string) bool {
	for _, p := range m.patterns {
		if p.exception && strings.HasPrefix(p.text+"/", dir+"/") {
			return true
		}
	}
	return false
}

// contextMatcher is what leaves files out of the context of dir, whose
// Dockerfile is at the slash-separated path dockerfile.
func contextMatcher(dir, dockerfile string) (*ignoreMatcher, error) {
	ignore, err := readDockerignore(dir)
	if err != nil {
		return nil, err
	}
	patterns, err := contextPatterns(ignore, dockerfile)
	if err == nil {
		var m *ignoreMatcher
		if m, err = newIgnoreMatcher(patterns); err == nil {
			return m, nil
		}
	}
	return nil, fmt.Errorf(".dockerignore: %w", err)
}

// contextPatterns are the .dockerignore patterns plus the exceptions docker's
// CLI adds so that .dockerignore and the Dockerfile (slash-separated, relative
// to the context) are always sent. The daemon removes them again from what
// COPY sees when .dockerignore excludes them.
func contextPatterns(ignore []string, dockerfile string) ([]string, error) {
	m, err := newIgnoreMatcher(ignore)
	if err != nil {
		return nil, err
	}
	out := ignore
	if m.excluded(".dockerignore") {
		out = append(out, "!.dockerignore")
	}
	if m.excluded(dockerfile) {
		out = append(out, "!"+dockerfile)
	}
	return out, nil
}

// writeContext writes dir as a tar to w, leaving out what m excludes. It
// streams: one file's data is in memory at a time, a buffer's worth of it.
func writeContext(w io.Writer, dir string, m *ignoreMatcher) error {
	tw := tar.NewWriter(w)
	type parent struct {
		name    string
		results []bool
	}
	var parents []parent
	links := map[uint64]string{} // inode → first name, for hard links
	buf := make([]byte, 32*1024)
	err := filepath.WalkDir(dir, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("build context: %w", err)
		}
		rel, err := filepath.Rel(dir, full)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		name := filepath.ToSlash(rel)
		for len(parents) > 0 && !strings.HasPrefix(name, parents[len(parents)-1].name+"/") {
			parents = parents[:len(parents)-1]
		}
		var prev []bool
		if len(parents) > 0 {
			prev = parents[len(parents)-1].results
		}
		skip, results := m.matchWithParents(name, prev)
		if d.IsDir() {
			parents = append(parents, parent{name, results})
		}
		if skip {
			if d.IsDir() && !(m.exceptions && m.mayReinclude(name)) {
				return filepath.SkipDir
			}
			return nil
		}
		return addContextFile(tw, full, name, links, buf)
	})
	if err != nil {
		return err
	}
	return tw.Close()
}

// noSys hides the stat data from tar.FileInfoHeader, so it looks up no user
// or group names and copies no ids or access times (docker's
// FileInfoHeaderNoLookups); ownership is then set to root.
type noSys struct{ fs.FileInfo }

func (noSys) Sys() any { return nil }

func addContextFile(tw *tar.Writer, full, name string, links map[uint64]string, buf []byte) error {
	fi, err := os.Lstat(full)
	if err != nil {
		return fmt.Errorf("build context: %w", err)
	}
	var link string
	if fi.Mode()&fs.ModeSymlink != 0 {
		if link, err = os.Readlink(full); err != nil {
			return fmt.Errorf("build context: %w", err)
		}
	}
	if fi.Mode()&fs.ModeSocket != 0 {
		return nil // docker cannot archive sockets either and leaves them out
	}
	hdr, err := tar.FileInfoHeader(noSys{fi}, link)
	if err != nil {
		return fmt.Errorf("build context: %s: %w", name, err)
	}
	hdr.Name = name
	if fi.IsDir() {
		hdr.Name += "/"
	}
	hdr.Format = tar.FormatPAX
	hdr.ModTime = hdr.ModTime.Truncate(time.Second)
	hdr.AccessTime, hdr.ChangeTime = time.Time{}, time.Time{}
	hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = 0, 0, "", ""
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && !fi.IsDir() && st.Nlink > 1 {
		ino := uint64(st.Ino)
		if first, seen := links[ino]; seen {
			hdr.Typeflag, hdr.Linkname, hdr.Size = tar.TypeLink, first, 0
		} else {
			links[ino] = name
		}
	}
	var data *os.File
	if hdr.Typeflag == tar.TypeReg && hdr.Size > 0 {
		// Open before writing the header, so an unreadable file is an
		// error and not a truncated entry.
		if data, err = os.Open(full); err != nil {
			return fmt.Errorf("build context: can't read %s: %w", name, errors.Unwrap(err))
		}
		defer data.Close()
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if data != nil {
		if _, err := io.CopyBuffer(tw, io.LimitReader(data, hdr.Size), buf); err != nil {
			return err
		}
	}
	return nil
}
