package artifact

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUploadOverwrite(t *testing.T) {
	ws := t.TempDir()
	writeTree(t, ws, "one/a.txt", "two/b.txt")
	s := newStore(t)
	first, err := upload(t, s, ws, "one/", "art", 6, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := upload(t, s, ws, "two/", "art", 6, false); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second upload without overwrite: %v", err)
	}
	second, err := upload(t, s, ws, "two/", "art", 6, true)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID <= first.ID {
		t.Errorf("overwrite got ID %d, not above %d", second.ID, first.ID)
	}
	if _, err := os.Stat(first.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("old zip still there: %v", err)
	}
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].ID != second.ID {
		t.Fatalf("List = %v, %v", list, err)
	}
	dest := t.TempDir()
	if err := s.Extract(context.Background(), "art", dest); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"b.txt": "two/b.txt"}, readTree(t, dest)); diff != "" {
		t.Errorf("extracted (-want +got):\n%s", diff)
	}
	// The store dir holds only the index, the lock and the one zip.
	entries, _ := os.ReadDir(filepath.Dir(second.Path))
	if len(entries) != 3 {
		t.Errorf("store dir has %d entries, want 3: %v", len(entries), entries)
	}
}

func TestUploadInvalid(t *testing.T) {
	ws := t.TempDir()
	writeTree(t, ws, "d/ok.txt", "d/a:b.txt", "other/x.txt")
	s := newStore(t)
	ok := func(o UploadOptions) UploadOptions {
		if o.Root == "" {
			o.Root = filepath.Join(ws, "d")
		}
		if o.Files == nil {
			o.Files = []string{filepath.Join(ws, "d/ok.txt")}
		}
		if o.Name == "" {
			o.Name = "x"
		}
		if o.RetentionDays == 0 {
			o.RetentionDays = 1
		}
		return o
	}
	cases := map[string]UploadOptions{
		"bad path char": ok(UploadOptions{Files: []string{filepath.Join(ws, "d/a:b.txt")}}),
		"outside root":  ok(UploadOptions{Files: []string{filepath.Join(ws, "other/x.txt")}}),
		"root itself":   ok(UploadOptions{Files: []string{filepath.Join(ws, "d")}, Root: filepath.Join(ws, "d")}),
		"relative root": ok(UploadOptions{Root: "d"}),
		"level 10":      ok(UploadOptions{CompressionLevel: 10}),
		"retention 91":  ok(UploadOptions{RetentionDays: 91}),
		"missing file":  ok(UploadOptions{Files: []string{filepath.Join(ws, "d/nope")}}),
	}
	for _, c := range []string{`"`, ":", "<", ">", "|", "*", "?", "\r", "\n", `\`, "/"} {
		cases["name with "+c] = ok(UploadOptions{Name: "a" + c + "b"})
	}
	for name, o := range cases {
		if _, err := s.Upload(context.Background(), o); err == nil {
			t.Errorf("%s: upload succeeded", name)
		}
	}
	o := ok(UploadOptions{})
	o.Name = ""
	if _, err := s.Upload(context.Background(), o); err == nil {
		t.Error("empty name accepted")
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Errorf("failed uploads left %v", list)
	}
	if _, err := s.Upload(context.Background(), ok(UploadOptions{Name: "fine name (1) ünïcode"})); err != nil {
		t.Errorf("valid name refused: %v", err)
	}
}

func TestUploadCancelled(t *testing.T) {
	ws := t.TempDir()
	writeTree(t, ws, "d/a.txt")
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Upload(ctx, UploadOptions{Name: "x", Root: filepath.Join(ws, "d"),
		Files: []string{filepath.Join(ws, "d/a.txt")}, RetentionDays: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(s.dir); len(entries) != 0 {
		t.Errorf("cancelled upload left %v", entries)
	}
}
