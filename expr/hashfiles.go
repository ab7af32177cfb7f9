package expr

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// followSymlinksOption is hashFiles' only option; it may be the first
// argument.
const followSymlinksOption = "--follow-symbolic-links"

// HashFiles implements GitHub's hashFiles() over the files under root (the
// workspace), as the runner's hashFiles script does with @actions/glob:
//
//   - patterns are globs relative to root (absolute ones are allowed but
//     only files under root count); a pattern may hold several
//     newline-separated patterns; `!` excludes; the last matching pattern
//     wins; a pattern that matches a directory matches everything under it;
//   - an optional first argument --follow-symbolic-links follows symlinks
//     while searching (symlinks to files are hashed either way);
//   - matched regular files are visited depth first, each directory's
//     entries in byte order (the order Node's readdir returns them), per
//     search path in pattern order;
//   - the result is the hex SHA-256 over the concatenated SHA-256 digests of
//     the files' contents, or the empty string when nothing matches.
func HashFiles(root string, patterns []string) (string, error) {
	follow := false
	if len(patterns) > 0 && strings.HasPrefix(patterns[0], "--") {
		if !strings.EqualFold(patterns[0], followSymlinksOption) {
			return "", fmt.Errorf("invalid glob option %s, available option: '%s'", patterns[0], followSymlinksOption)
		}
		follow, patterns = true, patterns[1:]
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("hashFiles: workspace %q: %w", root, err)
	}
	absRoot = filepath.ToSlash(absRoot)
	home, _ := os.UserHomeDir()
	if home == "" {
		home = "/"
	}
	globs, err := parseGlobPatterns(patterns, absRoot, filepath.ToSlash(filepath.Clean(home)))
	if err != nil {
		return "", fmt.Errorf("hashFiles: %w", err)
	}
	h := &fileHasher{root: absRoot, total: sha256.New()}
	g := &globber{patterns: globs, follow: follow, visit: h.add}
	if err := g.run(); err != nil {
		return "", fmt.Errorf("hashFiles: %w", err)
	}
	if h.count == 0 {
		return "", nil
	}
	return hex.EncodeToString(h.total.Sum(nil)), nil
}

// fileHasher accumulates the per-file digests.
type fileHasher struct {
	root  string
	total hash.Hash
	count int
}

// add hashes a matched path if it is a file under the workspace.
func (h *fileHasher) add(p string) error {
	if !strings.HasPrefix(p, h.root+"/") {
		return nil // not under GITHUB_WORKSPACE
	}
	info, err := os.Stat(p) // follows symlinks, like fs.statSync
	if err != nil {
		return err
	}
	if info.IsDir() {
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	fh := sha256.New()
	if _, err := io.Copy(fh, f); err != nil {
		return fmt.Errorf("read %s: %w", p, err)
	}
	h.total.Write(fh.Sum(nil))
	h.count++
	return nil
}

// globber walks the search paths like @actions/glob's globGenerator and
// calls visit for each matched non-directory.
type globber struct {
	patterns []globPattern
	follow   bool
	visit    func(path string) error
	chain    []string // real paths of the directories being traversed (cycle detection)
}

type searchItem struct {
	path  string
	level int
}

func (g *globber) run() error {
	for _, sp := range searchPaths(g.patterns) {
		if _, err := os.Lstat(sp); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return err
		}
		if err := g.walk(sp); err != nil {
			return err
		}
	}
	return nil
}

func (g *globber) walk(searchPath string) error {
	stack := []searchItem{{searchPath, 1}}
	for len(stack) > 0 {
		item := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		match := g.match(item.path)
		if match == 0 && !g.partialMatch(item.path) {
			continue
		}
		info, err := g.stat(item)
		if err != nil {
			return err
		}
		if info == nil {
			continue // broken symlink or cycle
		}
		if !info.IsDir() {
			if match&matchFile != 0 {
				if err := g.visit(item.path); err != nil {
					return err
				}
			}
			continue
		}
		entries, err := os.ReadDir(item.path) // sorted by name
		if err != nil {
			return err
		}
		for i := len(entries) - 1; i >= 0; i-- {
			stack = append(stack, searchItem{path.Join(item.path, entries[i].Name()), item.level + 1})
		}
	}
	return nil
}

// stat returns the item's info (following symlinks when enabled), or nil
// for a broken symlink or a symlink cycle when following.
func (g *globber) stat(item searchItem) (fs.FileInfo, error) {
	if !g.follow {
		return os.Lstat(item.path)
	}
	info, err := os.Stat(item.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil || !info.IsDir() {
		return info, err
	}
	real, err := filepath.EvalSymlinks(item.path)
	if err != nil {
		return nil, err
	}
	for len(g.chain) >= item.level {
		g.chain = g.chain[:len(g.chain)-1]
	}
	for _, p := range g.chain {
		if p == real {
			return nil, nil
		}
	}
	g.chain = append(g.chain, real)
	return info, nil
}

func (g *globber) match(p string) matchKind {
	var m matchKind
	for i := range g.patterns {
		if g.patterns[i].negate {
			m &^= g.patterns[i].match(p)
		} else {
			m |= g.patterns[i].match(p)
		}
	}
	return m
}

func (g *globber) partialMatch(p string) bool {
	for i := range g.patterns {
		if !g.patterns[i].negate && g.patterns[i].partialMatch(p) {
			return true
		}
	}
	return false
}

// searchPaths returns the search paths of the including patterns, without
// duplicates and without paths under another candidate.
func searchPaths(patterns []globPattern) []string {
	candidates := map[string]bool{}
	for _, p := range patterns {
		if !p.negate {
			candidates[p.searchPath] = true
		}
	}
	included := map[string]bool{}
	var out []string
	for _, p := range patterns {
		if p.negate || included[p.searchPath] {
			continue
		}
		if hasAncestor(p.searchPath, candidates) {
			continue
		}
		included[p.searchPath] = true
		out = append(out, p.searchPath)
	}
	return out
}

func hasAncestor(p string, candidates map[string]bool) bool {
	for parent := path.Dir(p); parent != p; p, parent = parent, path.Dir(parent) {
		if candidates[parent] {
			return true
		}
	}
	return false
}
