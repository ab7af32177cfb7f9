package artifact

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// readTree maps each regular file under dir (slash-separated, relative) to
// its content, failing on anything that is neither file nor directory.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := OpenStore(t.TempDir(), 42)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// upload searches patterns in ws and uploads the result as name.
func upload(t *testing.T, s *Store, ws, patterns, name string, level int, overwrite bool) (*Artifact, error) {
	t.Helper()
	files, root, err := Search(patterns, ws, ws, false)
	if err != nil {
		t.Fatal(err)
	}
	return s.Upload(context.Background(), UploadOptions{Name: name, Root: root, Files: files,
		CompressionLevel: level, RetentionDays: 5, Overwrite: overwrite})
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func TestUploadExtractRoundTrip(t *testing.T) {
	ws := t.TempDir()
	writeTree(t, ws, "dist/a.js", "dist/sub/deeper/b.js", "dist/empty.txt")
	if err := os.WriteFile(filepath.Join(ws, "dist/big.bin"), []byte(strings.Repeat("gantry ", 100000)), 0o755); err != nil {
		t.Fatal(err)
	}
	// The modes a fresh 0644 file and 0755 directory get under this umask.
	wantFile, _ := os.Stat(filepath.Join(ws, "dist/a.js"))
	wantDir, _ := os.Stat(filepath.Join(ws, "dist/sub"))
	want := readTree(t, filepath.Join(ws, "dist"))
	for _, level := range []int{0, 6, 9} {
		t.Run(fmt.Sprint("level", level), func(t *testing.T) {
			s := newStore(t)
			a, err := upload(t, s, ws, "dist/", "dist", level, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := fileSHA256(t, a.Path); a.Digest != got {
				t.Errorf("digest %s, sha256 of the zip is %s", a.Digest, got)
			}
			if info, err := os.Stat(a.Path); err != nil || info.Size() != a.Size {
				t.Errorf("size %d, zip is %v (%v)", a.Size, info, err)
			}
			if a.ID <= 0 || !a.Expires.Equal(a.Created.AddDate(0, 0, 5)) {
				t.Errorf("bad artifact %+v", a)
			}
			checkMethods(t, a.Path, level)
			dest := filepath.Join(t.TempDir(), "new", "dir")
			if err := s.Extract(context.Background(), "dist", dest); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, readTree(t, dest)); diff != "" {
				t.Errorf("extracted tree (-want +got):\n%s", diff)
			}
			// Modes are not kept: big.bin was 0755 but comes back like any file.
			for p, mode := range map[string]fs.FileMode{"big.bin": wantFile.Mode(), "sub": wantDir.Mode()} {
				if info, err := os.Stat(filepath.Join(dest, p)); err != nil || info.Mode() != mode {
					t.Errorf("%s: mode %v, want %v (%v)", p, info.Mode(), mode, err)
				}
			}
		})
	}
}

func checkMethods(t *testing.T, path string, level int) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if want := map[bool]uint16{true: zip.Store, false: zip.Deflate}[level == 0]; f.Method != want {
			t.Errorf("%s: method %d, want %d", f.Name, f.Method, want)
		}
	}
	if diff := cmp.Diff([]string{"a.js", "big.bin", "empty.txt", "sub/deeper/b.js"}, names); diff != "" {
		t.Errorf("zip entries (-want +got):\n%s", diff)
	}
}

func TestGetNotFound(t *testing.T) {
	s := newStore(t)
	_, err := s.Get("nope")
	if !errors.Is(err, ErrNotFound) || err.Error() != "Artifact 'nope' not found" {
		t.Errorf("Get = %v", err)
	}
	if err := s.Extract(context.Background(), "nope", t.TempDir()); !errors.Is(err, ErrNotFound) {
		t.Errorf("Extract = %v", err)
	}
}

func TestConcurrentUploads(t *testing.T) {
	ws := t.TempDir()
	writeTree(t, ws, "d/a.txt")
	root := t.TempDir()
	// Half the goroutines share a Store, half open their own, as a second
	// gantry process on the same directory would: flock must cover both.
	shared, err := OpenStore(root, 7)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 8)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			s := shared
			if i%2 == 1 {
				own, err := OpenStore(root, 7)
				if err != nil {
					t.Error(err)
					return
				}
				s = own
			}
			a, err := s.Upload(context.Background(), UploadOptions{Name: fmt.Sprint("art-", i),
				Root: filepath.Join(ws, "d"), Files: []string{filepath.Join(ws, "d/a.txt")}, CompressionLevel: 6, RetentionDays: 1})
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = a.ID
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for _, id := range ids {
		if id <= 0 || seen[id] {
			t.Errorf("IDs not distinct and positive: %v", ids)
		}
		seen[id] = true
	}
	list, err := shared.List()
	if err != nil || len(list) != 8 {
		t.Fatalf("List = %d artifacts, %v", len(list), err)
	}
	for i := 1; i < len(list); i++ {
		if list[i-1].ID >= list[i].ID {
			t.Errorf("List not ordered by ID: %d before %d", list[i-1].ID, list[i].ID)
		}
	}
}

func TestRuns(t *testing.T) {
	root := t.TempDir()
	for _, id := range []int64{3, 10, 2} {
		if _, err := OpenStore(root, id); err != nil {
			t.Fatal(err)
		}
	}
	writeTree(t, root, "notarun/x", "5")
	got, err := Runs(root)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{10, 3, 2}, got); diff != "" {
		t.Errorf("Runs (-want +got):\n%s", diff)
	}
	if got, err := Runs(filepath.Join(root, "missing")); err != nil || got != nil {
		t.Errorf("Runs(missing) = %v, %v", got, err)
	}
	if _, err := OpenStore(root, 0); err == nil {
		t.Error("run id 0 accepted")
	}
}

func TestCreatedIsRecent(t *testing.T) {
	ws := t.TempDir()
	writeTree(t, ws, "d/a.txt")
	s := newStore(t)
	a, err := upload(t, s, ws, "d/", "x", 1, false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get("x")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("Get differs from Upload's result (-upload +get):\n%s", diff)
	}
	if time.Since(a.Created) > time.Minute || a.Created.Location() != time.UTC {
		t.Errorf("Created = %v", a.Created)
	}
}
