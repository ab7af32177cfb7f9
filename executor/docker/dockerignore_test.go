package docker

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// contextFixture is a build context with something for every kind of
// pattern; directories are listed the way they appear in the tar.
var contextFixture = []string{
	"Dockerfile",
	"a.log",
	"keep.log",
	"README.md",
	"src/main.go",
	"src/debug.log",
	"src/deep/trace.log",
	"node_modules/left-pad/index.js",
	"web/app.js",
	"web/node_modules/react/index.js",
	"dir/f.txt",
	"dir/sub/g.txt",
	"other/dir/h.txt",
	"docker/Dockerfile.ci",
}

func writeFixture(t *testing.T, files []string, ignore string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("content of "+f+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if ignore != "" {
		if err := os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte(ignore), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// contextTar builds the context of dir as Build sends it and returns the
// entries' headers by name.
func contextTar(t *testing.T, dir, dockerfile string) map[string]*tar.Header {
	t.Helper()
	m, err := contextMatcher(dir, dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeContext(&buf, dir, m); err != nil {
		t.Fatal(err)
	}
	entries := map[string]*tar.Header{}
	tr := tar.NewReader(&buf)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return entries
		}
		if err != nil {
			t.Fatal(err)
		}
		entries[hdr.Name] = hdr
	}
}

// files lists the regular files of a context tar (directories are implied).
func files(entries map[string]*tar.Header) []string {
	var out []string
	for name, hdr := range entries {
		if hdr.Typeflag != tar.TypeDir {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func without(all []string, drop ...string) []string {
	var out []string
	for _, f := range all {
		if !slices.Contains(drop, f) {
			out = append(out, f)
		}
	}
	return out
}

func TestContextDockerignore(t *testing.T) {
	all := append([]string{}, contextFixture...)
	withIgnore := append(all, ".dockerignore")
	slices.Sort(withIgnore)
	tests := []struct {
		name, ignore, dockerfile string
		want                     []string
	}{
		{"none", "", "Dockerfile", all},
		{"*.log is the top level only", "*.log", "Dockerfile",
			without(withIgnore, "a.log", "keep.log")},
		{"!keep.log re-includes", "*.log\n!keep.log", "Dockerfile",
			without(withIgnore, "a.log")},
		{"exception before the pattern loses", "!keep.log\n*.log", "Dockerfile",
			without(withIgnore, "a.log", "keep.log")},
		{"**/*.log at any depth", "**/*.log", "Dockerfile",
			without(withIgnore, "a.log", "keep.log", "src/debug.log", "src/deep/trace.log")},
		{"**/node_modules at any depth", "**/node_modules", "Dockerfile",
			without(withIgnore, "node_modules/left-pad/index.js", "web/node_modules/react/index.js")},
		{"node_modules only at the top", "node_modules", "Dockerfile",
			without(withIgnore, "node_modules/left-pad/index.js")},
		{"dir/ is the top-level dir", "dir/", "Dockerfile",
			without(withIgnore, "dir/f.txt", "dir/sub/g.txt")},
		{"leading slash, comments, blank lines and a BOM", "\ufeff# comment\n\n  /a.log  \n#src\n", "Dockerfile",
			without(withIgnore, "a.log")},
		{"an excluded dir with an exception inside", "src\n!src/main.go", "Dockerfile",
			without(withIgnore, "src/debug.log", "src/deep/trace.log")},
		{"everything but src", "*\n!src", "Dockerfile",
			[]string{".dockerignore", "Dockerfile", "src/debug.log", "src/deep/trace.log", "src/main.go"}},
		{"Dockerfile and .dockerignore excluded but still sent", "Dockerfile\n.dockerignore\nREADME.md", "Dockerfile",
			without(withIgnore, "README.md")},
		{"everything excluded: only the build files go", "**", "Dockerfile",
			[]string{".dockerignore", "Dockerfile"}},
		{"a Dockerfile in an excluded dir", "docker\n*.md", "docker/Dockerfile.ci",
			without(withIgnore, "README.md")},
		{"? and character classes", "?.log\nsrc/[a-m]*.go\nsrc/[n-z]*", "Dockerfile",
			without(withIgnore, "a.log", "src/main.go")},
		{"dots are literal", "keep.lo?\nREADME.m", "Dockerfile",
			without(withIgnore, "keep.log")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFixture(t, contextFixture, tt.ignore)
			got := files(contextTar(t, dir, tt.dockerfile))
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf(".dockerignore %q: context files (-want +got):\n%s", tt.ignore, diff)
			}
		})
	}
}

// The tar is what docker's CLI sends: root-owned entries without user names,
// PAX headers, whole-second mtimes, directories with a trailing slash,
// symlinks as symlinks and hard links as links to the first name.
func TestContextTarHeaders(t *testing.T) {
	dir := writeFixture(t, []string{"Dockerfile", "sub/file"}, "")
	if err := os.Symlink("sub/file", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(dir, "sub/file"), filepath.Join(dir, "z-hard")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "Dockerfile"), 0o640); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2024, 5, 6, 7, 8, 9, 500_000_000, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "Dockerfile"), mtime, mtime); err != nil {
		t.Fatal(err)
	}
	entries := contextTar(t, dir, "Dockerfile")
	var names []string
	for name, hdr := range entries {
		names = append(names, name)
		if hdr.Uid != 0 || hdr.Gid != 0 || hdr.Uname != "" || hdr.Gname != "" {
			t.Errorf("%s: owner %d:%d %q:%q, want 0:0 and no names", name, hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname)
		}
	}
	slices.Sort(names)
	if want := []string{"Dockerfile", "link", "sub/", "sub/file", "z-hard"}; !slices.Equal(names, want) {
		t.Fatalf("entries %q, want %q", names, want)
	}
	if h := entries["Dockerfile"]; h.Mode != 0o640 || !h.ModTime.Equal(mtime.Truncate(time.Second)) {
		t.Errorf("Dockerfile: mode %o mtime %v", h.Mode, h.ModTime)
	}
	if h := entries["link"]; h.Typeflag != tar.TypeSymlink || h.Linkname != "sub/file" {
		t.Errorf("link: type %c -> %q, want a symlink to sub/file", h.Typeflag, h.Linkname)
	}
	if h := entries["z-hard"]; h.Typeflag != tar.TypeLink || h.Linkname != "sub/file" {
		t.Errorf("z-hard: type %c -> %q, want a hard link to sub/file", h.Typeflag, h.Linkname)
	}
	if h := entries["sub/"]; h.Typeflag != tar.TypeDir {
		t.Errorf("sub/: type %c", h.Typeflag)
	}
}

// A context that disappears under the walk is an error, not a silently short
// tar.
func TestContextMissingDir(t *testing.T) {
	dir := writeFixture(t, []string{"Dockerfile"}, "")
	m, err := contextMatcher(dir, "Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if err := writeContext(io.Discard, filepath.Join(dir, "missing"), m); err == nil || !strings.Contains(err.Error(), "build context") {
		t.Errorf("writeContext of a missing dir: %v, want a build context error", err)
	}
}

func TestDockerignoreBadPattern(t *testing.T) {
	for _, ignore := range []string{"[", "!", "a\\"} {
		dir := writeFixture(t, []string{"Dockerfile"}, ignore)
		_, err := contextMatcher(dir, "Dockerfile")
		if err == nil || !strings.HasPrefix(err.Error(), ".dockerignore: ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("pattern %q: %v, want a one-line .dockerignore error", ignore, err)
		}
	}
}

// The single-pattern cases of github.com/moby/patternmatcher v0.6.0's
// TestMatches (the table docker's own matcher is tested with), checked with
// every parent looked at (MatchesOrParentMatches) and with the parent results
// carried down the walk (MatchesUsingParentResults).
func TestIgnoreMatcherCompat(t *testing.T) {
	tests := []struct {
		pattern, text string
		want          bool
	}{
		{"**", "file", true}, {"**", "file/", true}, {"**/", "file", true}, {"**/", "file/", true},
		{"**", "/", true}, {"**/", "/", true}, {"**", "dir/file", true}, {"**/", "dir/file", true},
		{"**", "dir/file/", true}, {"**/", "dir/file/", true}, {"**/**", "dir/file", true},
		{"**/**", "dir/file/", true}, {"dir/**", "dir/file", true}, {"dir/**", "dir/file/", true},
		{"dir/**", "dir/dir2/file", true}, {"dir/**", "dir/dir2/file/", true}, {"**/dir", "dir", true},
		{"**/dir", "dir/file", true}, {"**/dir2/*", "dir/dir2/file", true}, {"**/dir2/*", "dir/dir2/file/", true},
		{"**/dir2/**", "dir/dir2/dir3/file", true}, {"**/dir2/**", "dir/dir2/dir3/file/", true},
		{"**file", "file", true}, {"**file", "dir/file", true}, {"**/file", "dir/file", true},
		{"**file", "dir/dir/file", true}, {"**/file", "dir/dir/file", true}, {"**/file*", "dir/dir/file", true},
		{"**/file*", "dir/dir/file.txt", true}, {"**/file*txt", "dir/dir/file.txt", true},
		{"**/file*.txt", "dir/dir/file.txt", true}, {"**/file*.txt*", "dir/dir/file.txt", true},
		{"**/**/*.txt", "dir/dir/file.txt", true}, {"**/**/*.txt2", "dir/dir/file.txt", false},
		{"**/*.txt", "file.txt", true}, {"**/**/*.txt", "file.txt", true}, {"a**/*.txt", "a/file.txt", true},
		{"a**/*.txt", "a/dir/file.txt", true}, {"a**/*.txt", "a/dir/dir/file.txt", true},
		{"a/*.txt", "a/dir/file.txt", false}, {"a/*.txt", "a/file.txt", true}, {"a/*.txt**", "a/file.txt", true},
		{"a[b-d]e", "ae", false}, {"a[b-d]e", "ace", true}, {"a[b-d]e", "aae", false}, {"a[^b-d]e", "aze", true},
		{".*", ".foo", true}, {".*", "foo", false}, {"abc.def", "abcdef", false}, {"abc.def", "abc.def", true},
		{"abc.def", "abcZdef", false}, {"abc?def", "abcZdef", true}, {"abc?def", "abcdef", false},
		{"a\\\\", "a\\", true}, {"**/foo/bar", "foo/bar", true}, {"**/foo/bar", "dir/foo/bar", true},
		{"**/foo/bar", "dir/dir2/foo/bar", true}, {"abc/**", "abc", false}, {"abc/**", "abc/def", true},
		{"abc/**", "abc/def/ghi", true}, {"**/.foo", ".foo", true}, {"**/.foo", "bar.foo", false},
		{"a(b)c/def", "a(b)c/def", true}, {"a(b)c/def", "a(b)c/xyz", false},
		{"a.|)$(}+{bc", "a.|)$(}+{bc", true},
		{"dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true},
		{"dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true},
		{"a\\*b", "a*b", true},
	}
	multi := []struct {
		patterns []string
		text     string
		want     bool
	}{
		{[]string{"**", "!util/docker/web"}, "util/docker/web/foo", false},
		{[]string{"**", "!util/docker/web", "util/docker/web/foo"}, "util/docker/web/foo", true},
		{[]string{"**", "!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl"}, "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false},
		{[]string{"**", "!dist/*.whl"}, "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false},
	}
	check := func(patterns []string, text string, want bool) {
		t.Helper()
		m, err := newIgnoreMatcher(patterns)
		if err != nil {
			t.Fatalf("%q: %v", patterns, err)
		}
		if got := m.excluded(text); got != want {
			t.Errorf("%q excludes %q = %v, want %v (all parents)", patterns, text, got, want)
		}
		// Walk down from the top, as writeContext does.
		var parent []bool
		if d := filepath.Dir(text); d != "." {
			elems := strings.Split(d, "/")
			for i := range elems {
				_, parent = m.matchWithParents(strings.Join(elems[:i+1], "/"), parent)
			}
		}
		if got, _ := m.matchWithParents(text, parent); got != want {
			t.Errorf("%q excludes %q = %v, want %v (parent results)", patterns, text, got, want)
		}
	}
	for _, tt := range tests {
		check([]string{tt.pattern}, tt.text, tt.want)
	}
	for _, tt := range multi {
		check(tt.patterns, tt.text, tt.want)
	}
}
