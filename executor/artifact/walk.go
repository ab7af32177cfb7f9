package artifact

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// walker is the traversal of @actions/glob's DefaultGlobber.globGenerator
// with upload-artifact's options: symlinks followed, broken ones omitted,
// directories left out of the results.
type walker struct {
	pats          []*pathPattern
	includeHidden bool
	files         []string
}

// visit handles one path and, for a directory, its children. chain holds the
// real paths of the directories above it, to stop at symlink cycles.
func (w *walker) visit(path string, chain []string) error {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if path == "/" {
		parts = nil
	}
	kind := matchKind(w.pats, parts)
	if kind == 0 && !partialMatch(w.pats, parts) {
		return nil
	}
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // broken symlink, or removed meanwhile
	} else if err != nil {
		return err
	}
	if info.IsDir() {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return err
		}
		if slices.Contains(chain, real) {
			return nil // a symlink back to an ancestor
		}
		chain = append(slices.Clip(chain), real)
	}
	// The real globber tests every item it reaches, the search path itself
	// included, so a hidden search path yields nothing while directories
	// above it (a workspace under ~/.cache, say) do not count.
	if !w.includeHidden && strings.HasPrefix(filepath.Base(path), ".") {
		return nil
	}
	if !info.IsDir() {
		// Sockets, FIFOs and devices cannot be zipped: only regular files.
		if kind&kindFile != 0 && info.Mode().IsRegular() {
			w.files = append(w.files, path)
		}
		return nil
	}
	names, err := readDirNames(path)
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := w.visit(filepath.Join(path, name), chain); err != nil {
			return err
		}
	}
	return nil
}

func readDirNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

// matchKind applies the patterns in order: includes add kinds, exclusions
// remove them, so a later include can bring back what an earlier '!' took out.
func matchKind(pats []*pathPattern, parts []string) int {
	kind := 0
	for _, p := range pats {
		if !p.glob.match(parts, false) {
			continue
		}
		k := kindAll
		if p.trailingSep {
			k = kindDir
		}
		if p.negate {
			kind &^= k
		} else {
			kind |= k
		}
	}
	return kind
}

// partialMatch reports whether an include pattern may match below parts.
// Exclusions never stop the descent, as in the real globber.
func partialMatch(pats []*pathPattern, parts []string) bool {
	for _, p := range pats {
		if !p.negate && p.glob.match(parts, true) {
			return true
		}
	}
	return false
}
