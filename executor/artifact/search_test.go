package artifact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// writeTree creates files (content = their path) and symlinks ("-> target")
// under dir.
func writeTree(t testing.TB, dir string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		name, target, isLink := strings.Cut(p, " -> ")
		full := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if isLink {
			err = os.Symlink(target, full)
		} else {
			err = os.WriteFile(full, []byte(name), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestSearch(t *testing.T) {
	// The workspace itself sits under a hidden directory: only names from the
	// search path down count as hidden, as in @actions/glob.
	base := filepath.Join(t.TempDir(), ".gantry")
	ws, home := filepath.Join(base, "ws"), filepath.Join(base, "home")
	writeTree(t, ws,
		"dist/a.js", "dist/app.js", "dist/sub/b.js", "dist/sub/b.js.map",
		"dist/.env", "dist/.cache/c.txt", "dist/broken -> nowhere",
		"path/to/some/dir/f1.txt", "path/to/some/dir/f10.txt", "path/to/some/dir/x.txt",
		"path/to/other/nodir/f2.txt",
		"a/b/x.txt", "a/c/y.txt",
		".hidden/h.txt",
		"real/r.txt", "real/loop -> .", "linkdir -> real",
		"odd[1]/z.txt")
	writeTree(t, home, "notes/n.txt")

	tests := []struct {
		name, patterns string
		hidden         bool
		root           string   // relative to ws ("~" for home)
		files          []string // relative to root
	}{
		{name: "directory", patterns: "dist/", root: "dist",
			files: []string{"a.js", "app.js", "sub/b.js", "sub/b.js.map"}},
		{name: "directory without slash", patterns: "dist", root: "dist",
			files: []string{"a.js", "app.js", "sub/b.js", "sub/b.js.map"}},
		{name: "single file", patterns: "dist/app.js", root: "dist", files: []string{"app.js"}},
		{name: "absolute single file", patterns: filepath.Join(ws, "dist/sub/b.js"), root: "dist/sub", files: []string{"b.js"}},
		{name: "wildcard components", patterns: "path/to/*/dir/f?.txt", root: "path/to", files: []string{"some/dir/f1.txt"}},
		{name: "two search paths LCA", patterns: "a/b/x.txt\na/c/y.txt", root: "a", files: []string{"b/x.txt", "c/y.txt"}},
		{name: "LCA includes missing path", patterns: "a/b/\nmissing/dir/", root: ".", files: []string{"a/b/x.txt"}},
		{name: "nested search path dropped", patterns: "dist/\ndist/sub/b.js", root: "dist",
			files: []string{"a.js", "app.js", "sub/b.js", "sub/b.js.map"}},
		{name: "exclude", patterns: "dist/\n!dist/**/*.map", root: "dist", files: []string{"a.js", "app.js", "sub/b.js"}},
		{name: "exclude directory", patterns: "dist/\n!dist/sub/", root: "dist", files: []string{"a.js", "app.js"}},
		{name: "include after exclude", patterns: "dist/\n!dist/sub\ndist/sub/b.js", root: "dist", files: []string{"a.js", "app.js", "sub/b.js"}},
		{name: "double negation includes", patterns: "!!dist/a.js", root: "dist", files: []string{"a.js"}},
		{name: "comments and blanks", patterns: "# build output\n\n  dist/*.js  \n#dist/sub\n", root: "dist", files: []string{"a.js", "app.js"}},
		{name: "wildcard single match keeps search path", patterns: "dist/app.*", root: "dist", files: []string{"app.js"}},
		{name: "globstar", patterns: "**/b.js", root: ".", files: []string{"dist/sub/b.js"}},
		{name: "class", patterns: "dist/[ab]*.js", root: "dist", files: []string{"a.js", "app.js"}},
		{name: "escaped class is literal", patterns: `odd\[1\]/`, root: "odd[1]", files: []string{"z.txt"}},
		{name: "hidden left out", patterns: "dist/.env\ndist/.cache/", root: "dist"},
		{name: "hidden search path", patterns: ".hidden/", root: ".hidden"},
		{name: "hidden parent of literal file", patterns: ".hidden/h.txt", root: ".hidden", files: []string{"h.txt"}},
		{name: "include hidden", patterns: "dist/", hidden: true, root: "dist",
			files: []string{".cache/c.txt", ".env", "a.js", "app.js", "sub/b.js", "sub/b.js.map"}},
		{name: "include hidden search path", patterns: ".hidden/", hidden: true, root: ".hidden", files: []string{"h.txt"}},
		{name: "symlinked directory followed, cycle cut", patterns: "linkdir/", root: "linkdir", files: []string{"r.txt"}},
		{name: "tilde", patterns: "~/notes", root: "~/notes", files: []string{"n.txt"}},
		{name: "dot prefix", patterns: "./a/b", root: "a/b", files: []string{"x.txt"}},
		{name: "nothing found", patterns: "nope/*.txt", root: "nope"},
		{name: "only exclusions", patterns: "!dist/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, root, err := Search(tt.patterns, ws, home, tt.hidden)
			if err != nil {
				t.Fatal(err)
			}
			wantRoot := ""
			switch {
			case strings.HasPrefix(tt.root, "~"):
				wantRoot = filepath.Join(home, tt.root[1:])
			case tt.root != "":
				wantRoot = filepath.Join(ws, tt.root)
			}
			if root != wantRoot {
				t.Errorf("root = %q, want %q", root, wantRoot)
			}
			var rel []string
			for _, f := range files {
				r, err := filepath.Rel(root, f)
				if err != nil || !filepath.IsLocal(r) {
					t.Errorf("%s is not under root %s", f, root)
				}
				rel = append(rel, filepath.ToSlash(r))
			}
			if diff := cmp.Diff(tt.files, rel, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	ws := t.TempDir()
	for _, p := range []string{"../x", "a/../b", "a/./b", "!", "~/x"} {
		if _, _, err := Search(p, ws, "", false); err == nil {
			t.Errorf("Search(%q) succeeded, want an error", p)
		}
	}
	if _, _, err := Search("x", "relative", "", false); err == nil {
		t.Error("relative cwd accepted")
	}
}

func TestLeastCommonAncestor(t *testing.T) {
	for _, tt := range []struct {
		paths []string
		want  string
	}{
		{[]string{"/foo", "/bar"}, "/"},
		{[]string{"/h/foo/bar", "/h/foo/voo/two", "/h/foo/mo"}, "/h/foo"},
		{[]string{"/a/b", "/a/bc"}, "/a"},
	} {
		if got := leastCommonAncestor(tt.paths); got != tt.want {
			t.Errorf("leastCommonAncestor(%q) = %q, want %q", tt.paths, got, tt.want)
		}
	}
}
