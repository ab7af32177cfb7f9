package archive

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

type entry struct {
	name, body, link string
	typ              byte
}

func tarOf(t *testing.T, entries ...entry) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		hdr := &tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.body)), Typeflag: e.typ, Linkname: e.link}
		if e.typ == 0 {
			hdr.Typeflag = tar.TypeReg
		} else {
			hdr.Size = 0
		}
		if e.typ == tar.TypeDir {
			hdr.Mode = 0o755
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

func TestUntar(t *testing.T) {
	tests := []struct {
		what    string
		opts    Options
		entries []entry
		wantErr bool
		want    map[string]string // path under dest -> content, or "-> target" for a symlink
	}{
		{what: "strip the top directory", opts: Options{Strip: 1},
			entries: []entry{{name: "ws/", typ: tar.TypeDir}, {name: "ws/a/b.txt", body: "b"}},
			want:    map[string]string{"a/b.txt": "b"}},
		{what: "a workspace's link may point anywhere", opts: Options{Strip: 1, LinksMayLeave: true},
			entries: []entry{{name: "ws/node", typ: tar.TypeSymlink, link: "/usr/bin/node"}},
			want:    map[string]string{"node": "-> /usr/bin/node"}},
		{what: "a toolchain's may not", opts: Options{Strip: 1},
			entries: []entry{{name: "ws/node", typ: tar.TypeSymlink, link: "/usr/bin/node"}}, wantErr: true},
		{what: "writing through a link that leaves is refused even when links may leave", opts: Options{LinksMayLeave: true},
			entries: []entry{{name: "out", typ: tar.TypeSymlink, link: ".."}, {name: "out/evil", body: "x"}}, wantErr: true},
		{what: "dot-dot names", entries: []entry{{name: "../evil", body: "x"}}, wantErr: true},
		{what: "a later file replaces a symlink instead of writing through it", opts: Options{LinksMayLeave: true},
			entries: []entry{{name: "f", typ: tar.TypeSymlink, link: "../evil"}, {name: "f", body: "safe"}},
			want:    map[string]string{"f": "safe"}},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			outside := t.TempDir()
			dest := filepath.Join(outside, "dest")
			if err := os.Mkdir(dest, 0o755); err != nil {
				t.Fatal(err)
			}
			err := Untar(tarOf(t, tt.entries...), dest, tt.opts)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Untar: %v, want error %v", err, tt.wantErr)
			}
			if _, err := os.Lstat(filepath.Join(outside, "evil")); err == nil {
				t.Error("wrote outside the destination")
			}
			for p, want := range tt.want {
				full := filepath.Join(dest, p)
				if link, err := os.Readlink(full); err == nil {
					if "-> "+link != want {
						t.Errorf("%s -> %s, want %s", p, link, want)
					}
					continue
				}
				if b, err := os.ReadFile(full); err != nil || string(b) != want {
					t.Errorf("%s = %q (%v), want %q", p, b, err, want)
				}
			}
		})
	}
}
