package expr

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// makeTree creates files (path → content) under a new temporary directory.
func makeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

var hashTree = map[string]string{
	"a.txt":                 "hello\n",
	"a/b.txt":               "nested\n",
	"src/main.go":           "package main\n",
	"src/sub/sub.go":        "package sub\n",
	"node_modules/x/idx.js": "dep\n",
	".hidden/h.txt":         "secret\n",
}

// TestHashFilesKnownValues checks the algorithm against digests computed
// independently in a shell with coreutils, on the same files:
//
//	h() { sha256sum "$1" | cut -c1-64; }
//	(for f in a/b.txt a.txt; do h $f | xxd -r -p; done) | sha256sum
//	  → ed04ac6939695d59a60c556da42feb8fef1ffc0a66bda6de204b6513010fbab9
//	(for f in src/main.go src/sub/sub.go; do h $f | xxd -r -p; done) | sha256sum
//	  → c949056d71c9c14cb905c31faba371ebf7e85fd81a0e62a03a96ddab17c534d0
//	(h a.txt | xxd -r -p) | sha256sum
//	  → ecb65bb98f9d905b70458986c39fcbad7715e5f2fcc3b1f07767d7c83e2438cc
//	(for f in .hidden/h.txt a/b.txt a.txt; do h $f | xxd -r -p; done) | sha256sum
//	  → 06a0ca554b727b082c48ede4eeffb0dc1842f56014ad20c351a20f0d813a0c61
//
// That is: SHA-256 of each file, then SHA-256 over the concatenated raw
// digests. Files are visited depth first with each directory's entries in
// byte order, so a/b.txt comes before a.txt (a full-path sort would put
// a.txt first and give 6a98a7ac...).
func TestHashFilesKnownValues(t *testing.T) {
	root := makeTree(t, hashTree)
	tests := []struct {
		patterns []string
		want     string
	}{
		{[]string{"*.txt", "a/*.txt"}, "ed04ac6939695d59a60c556da42feb8fef1ffc0a66bda6de204b6513010fbab9"},
		{[]string{"**/*.txt", "!.hidden"}, "ed04ac6939695d59a60c556da42feb8fef1ffc0a66bda6de204b6513010fbab9"},
		{[]string{"**/*.go"}, "c949056d71c9c14cb905c31faba371ebf7e85fd81a0e62a03a96ddab17c534d0"},
		{[]string{"src"}, "c949056d71c9c14cb905c31faba371ebf7e85fd81a0e62a03a96ddab17c534d0"},
		{[]string{"src/"}, "c949056d71c9c14cb905c31faba371ebf7e85fd81a0e62a03a96ddab17c534d0"},
		{[]string{"a.txt"}, "ecb65bb98f9d905b70458986c39fcbad7715e5f2fcc3b1f07767d7c83e2438cc"},
		{[]string{"./a.txt"}, "ecb65bb98f9d905b70458986c39fcbad7715e5f2fcc3b1f07767d7c83e2438cc"},
		{[]string{"**/*.txt"}, "06a0ca554b727b082c48ede4eeffb0dc1842f56014ad20c351a20f0d813a0c61"},
	}
	for _, tc := range tests {
		got, err := HashFiles(root, tc.patterns)
		if err != nil {
			t.Errorf("%q: %v", tc.patterns, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.patterns, got, tc.want)
		}
	}
}

// digestOf computes the expected hash of the named files, in order.
func digestOf(t *testing.T, root string, names ...string) string {
	t.Helper()
	if len(names) == 0 {
		return ""
	}
	total := sha256.New()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(root, n))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		total.Write(sum[:])
	}
	return hex.EncodeToString(total.Sum(nil))
}

func TestHashFilesMatching(t *testing.T) {
	root := makeTree(t, hashTree)
	tests := []struct {
		what     string
		patterns []string
		files    []string // expected files, in hashing order
	}{
		{"no match", []string{"**/*.none"}, nil},
		{"missing directory", []string{"missing/**"}, nil},
		{"negation removes", []string{"**/*.go", "!src/sub/**"}, []string{"src/main.go"}},
		{"negation then include", []string{"!src/sub/**", "**/*.go"}, []string{"src/main.go", "src/sub/sub.go"}},
		{"double negation", []string{"!!a.txt"}, []string{"a.txt"}},
		{"directory excluded", []string{"**", "!node_modules", "!.hidden", "!src"}, []string{"a/b.txt", "a.txt"}},
		{"newline separated", []string{"a.txt\nsrc/main.go"}, []string{"a.txt", "src/main.go"}},
		{"comments and blanks", []string{"# comment", "", "  a.txt  "}, []string{"a.txt"}},
		{"question mark", []string{"?.txt"}, []string{"a.txt"}},
		{"character class", []string{"[ab].txt"}, []string{"a.txt"}},
		{"negated class", []string{"[!a].txt"}, nil},
		{"search path order", []string{"src/**/*.go", "a.txt"}, []string{"src/main.go", "src/sub/sub.go", "a.txt"}},
		// As in @actions/glob, the implicit a.txt/** pattern matches a.txt
		// itself (minimatch matches "a.txt/" against "a.txt/**").
		{"dir-only pattern on file", []string{"a.txt/"}, []string{"a.txt"}},
		{"absolute pattern", []string{filepath.ToSlash(root) + "/a.txt"}, []string{"a.txt"}},
		{"outside workspace ignored", []string{"/etc/hostname"}, nil},
		{"star does not cross directories", []string{"*.go"}, nil},
		{"globstar middle", []string{"src/**/sub.go"}, []string{"src/sub/sub.go"}},
		{"hidden matched by star", []string{".*/*"}, []string{".hidden/h.txt"}},
		{"escaped star is literal", []string{`a\*.txt`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.what, func(t *testing.T) {
			got, err := HashFiles(root, tc.patterns)
			if err != nil {
				t.Fatal(err)
			}
			if want := digestOf(t, root, tc.files...); got != want {
				t.Errorf("got %q, want %q (files %q)", got, want, tc.files)
			}
		})
	}
}

func TestHashFilesErrors(t *testing.T) {
	root := makeTree(t, hashTree)
	for _, patterns := range [][]string{
		{"../x"},
		{"a/../a.txt"},
		{"src/./main.go"},
		{"--bogus", "a.txt"},
		{"!"},
	} {
		if _, err := HashFiles(root, patterns); err == nil {
			t.Errorf("%q: no error", patterns)
		}
	}
}

func TestHashFilesSymlinks(t *testing.T) {
	root := makeTree(t, map[string]string{"real/f.txt": "x\n", "top.txt": "t\n"})
	if err := os.Symlink(filepath.Join(root, "real"), filepath.Join(root, "link")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	if err := os.Symlink(filepath.Join(root, "top.txt"), filepath.Join(root, "toplink.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(root, "real", "loop")); err != nil {
		t.Fatal(err)
	}
	// Without following, directory symlinks are not searched, but a
	// symlink to a file is hashed (its target's content).
	got, err := HashFiles(root, []string{"**/*.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if want := digestOf(t, root, "real/f.txt", "top.txt", "toplink.txt"); got != want {
		t.Errorf("no follow: got %s, want %s", got, want)
	}
	// Following symlinks searches link/ too; the loop back to the root is
	// detected and skipped.
	got, err = HashFiles(root, []string{"--follow-symbolic-links", "**/*.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if want := digestOf(t, root, "link/f.txt", "real/f.txt", "top.txt", "toplink.txt"); got != want {
		t.Errorf("follow: got %s, want %s", got, want)
	}
}

func TestGlobSegment(t *testing.T) {
	tests := []struct {
		pat, name string
		want      bool
	}{
		{"*", "", true},
		{"*", ".hidden", true},
		{"a*c", "abbc", true},
		{"a*c", "abcd", false},
		{"*.go", "x.go", true},
		{"?", "é", true},
		{"[a-c]x", "bx", true},
		{"[^a-c]x", "dx", true},
		{"[!a-c]x", "ax", false},
		{"[]]", "]", true},
		{"[", "[", true},
		{`\*`, "*", true},
		{`\*`, "a", false},
		{"a**b", "axyb", true},
	}
	for _, tc := range tests {
		if got := matchSegment(tc.pat, tc.name); got != tc.want {
			t.Errorf("matchSegment(%q, %q) = %v", tc.pat, tc.name, got)
		}
	}
	if got := strings.Join(searchPaths([]globPattern{
		{searchPath: "/w/a"}, {searchPath: "/w"}, {searchPath: "/w/b", negate: true}, {searchPath: "/x"}, {searchPath: "/x"},
	}), ","); got != "/w,/x" {
		t.Errorf("searchPaths = %s", got)
	}
}
