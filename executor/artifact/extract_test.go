package artifact

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// zipEntry is one entry of a hand-made zip.
type zipEntry struct {
	name, body string
	mode       fs.FileMode
}

func makeZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		hdr := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			hdr.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExtractRefusesUnsafeEntries(t *testing.T) {
	cases := map[string][]zipEntry{
		"dot-dot":       {{name: "ok.txt", body: "ok"}, {name: "../evil", body: "evil"}},
		"nested dotdot": {{name: "a/../../evil", body: "evil"}},
		"absolute":      {{name: "/abs", body: "evil"}},
		"symlink":       {{name: "link", body: "/etc/passwd", mode: fs.ModeSymlink | 0o777}},
	}
	for name, entries := range cases {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			dest := filepath.Join(parent, "dest")
			data := makeZip(t, entries...)
			err := extractZip(context.Background(), bytes.NewReader(data), int64(len(data)), dest)
			if err == nil {
				t.Fatal("extraction succeeded")
			}
			assertConfined(t, parent, dest)
			if _, err := os.Stat("/abs"); err == nil && name == "absolute" {
				t.Error("/abs was written")
			}
		})
	}
}

// assertConfined fails if parent holds anything but dest, or dest holds a
// symlink.
func assertConfined(t testing.TB, parent, dest string) {
	t.Helper()
	err := filepath.WalkDir(parent, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != parent && p != dest && !strings.HasPrefix(p, dest+string(filepath.Separator)) {
			t.Errorf("%s written outside %s", p, dest)
		}
		if d.Type()&fs.ModeSymlink != 0 {
			t.Errorf("symlink %s created", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestExtractAllowsInnerDotDot(t *testing.T) {
	data := makeZip(t, zipEntry{name: "a/../b.txt", body: "b"}, zipEntry{name: "dir/", mode: fs.ModeDir | 0o755},
		zipEntry{name: "./c.txt", body: "c"})
	dest := t.TempDir()
	if err := extractZip(context.Background(), bytes.NewReader(data), int64(len(data)), dest); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"b.txt": "b", "c.txt": "c"}, readTree(t, dest)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if info, err := os.Stat(filepath.Join(dest, "dir")); err != nil || !info.IsDir() {
		t.Errorf("dir entry not made: %v", err)
	}
}

func TestExtractDoesNotFollowSymlinkOut(t *testing.T) {
	parent := t.TempDir()
	dest, outside := filepath.Join(parent, "dest"), filepath.Join(parent, "outside")
	for _, d := range []string{dest, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(dest, "out")); err != nil {
		t.Fatal(err)
	}
	data := makeZip(t, zipEntry{name: "out/x.txt", body: "x"})
	if err := extractZip(context.Background(), bytes.NewReader(data), int64(len(data)), dest); err == nil {
		t.Error("wrote through a symlink leading out of dest")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("outside holds %v", entries)
	}
}

func TestExtractStoredHostileZip(t *testing.T) {
	ws := t.TempDir()
	writeTree(t, ws, "d/a.txt")
	s := newStore(t)
	a, err := upload(t, s, ws, "d/", "x", 6, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(a.Path, makeZip(t, zipEntry{name: "../evil", body: "e"}), 0o644); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	dest := filepath.Join(parent, "dest")
	err = s.Extract(context.Background(), "x", dest)
	var de *DigestError
	if err == nil || errors.As(err, &de) {
		t.Fatalf("Extract = %v, want an unsafe-path error", err)
	}
	assertConfined(t, parent, dest)
}

func TestExtractDigestMismatch(t *testing.T) {
	ws := t.TempDir()
	writeTree(t, ws, "d/a.txt", "d/b/c.txt")
	s := newStore(t)
	a, err := upload(t, s, ws, "d/", "x", 6, false)
	if err != nil {
		t.Fatal(err)
	}
	// Flip the first local header's modification time: the zip still
	// extracts (Go reads times from the central directory) but hashes differently.
	data, err := os.ReadFile(a.Path)
	if err != nil {
		t.Fatal(err)
	}
	data[10] ^= 0xff
	if err := os.WriteFile(a.Path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	dest := t.TempDir()
	err = s.Extract(context.Background(), "x", dest)
	var de *DigestError
	if !errors.As(err, &de) || de.Expected != a.Digest || de.Actual != fileSHA256(t, a.Path) {
		t.Fatalf("Extract = %v, want a *DigestError", err)
	}
	// Like download-artifact, which only warns, the files are all there.
	if diff := cmp.Diff(map[string]string{"a.txt": "d/a.txt", "b/c.txt": "d/b/c.txt"}, readTree(t, dest)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestExtractCorruptData(t *testing.T) {
	ws := t.TempDir()
	writeTree(t, ws, "d/a.txt")
	s := newStore(t)
	a, err := upload(t, s, ws, "d/", "x", 0, false)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(a.Path)
	i := bytes.Index(data, []byte("d/a.txt")) // the stored body, after the name "a.txt"
	data[i] ^= 1
	if err := os.WriteFile(a.Path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	err = s.Extract(context.Background(), "x", t.TempDir())
	if !errors.Is(err, zip.ErrChecksum) {
		t.Errorf("Extract = %v, want a checksum error", err)
	}
}

func TestExtractOverwritesExisting(t *testing.T) {
	dest := t.TempDir()
	writeTree(t, dest, "a.txt", "keep.txt")
	data := makeZip(t, zipEntry{name: "a.txt", body: "new"})
	if err := extractZip(context.Background(), bytes.NewReader(data), int64(len(data)), dest); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"a.txt": "new", "keep.txt": "keep.txt"}, readTree(t, dest)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(makeZip(f, zipEntry{name: "a/b.txt", body: "hello"}, zipEntry{name: "c/", mode: fs.ModeDir | 0o755}))
	f.Add(makeZip(f, zipEntry{name: "../evil", body: "x"}))
	f.Add(makeZip(f, zipEntry{name: "/abs", body: "x"}))
	f.Add(makeZip(f, zipEntry{name: "l", body: "..", mode: fs.ModeSymlink | 0o777}, zipEntry{name: "l/x", body: "x"}))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		dest := filepath.Join(parent, "dest")
		_ = extractZip(context.Background(), bytes.NewReader(data), int64(len(data)), dest)
		assertConfined(t, parent, dest)
	})
}
