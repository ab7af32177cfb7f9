package docker

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func tarOf(t *testing.T, files map[string]string) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// CopyTo creates a missing destination (without touching the modes of the
// directories above it) and extracts the tar there.
func TestCopyToThenCat(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	files := tarOf(t, map[string]string{"hello.txt": "hello\n", "sub/deep.txt": "deep\n"})
	if err := c.CopyTo(context.Background(), "/tmp/a/b", files); err != nil {
		t.Fatal(err)
	}
	got := run(t, c, "sh", "-c", "cat /tmp/a/b/hello.txt /tmp/a/b/sub/deep.txt; stat -c %a /tmp")
	if want := "hello\ndeep\n1777\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// Into an existing directory as well.
	if err := c.CopyTo(context.Background(), "/tmp", tarOf(t, map[string]string{"x": "x"})); err != nil {
		t.Fatal(err)
	}
	if got := run(t, c, "cat", "/tmp/x"); got != "x" {
		t.Errorf("got %q", got)
	}
}

func TestCopyToRelativePath(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	if err := c.CopyTo(context.Background(), "rel", tarOf(t, nil)); err == nil {
		t.Fatal("CopyTo a relative path: want an error")
	}
}

func TestCopyFrom(t *testing.T) {
	e := testEngine(t)
	c := startJob(t, e, JobSpec{})
	run(t, c, "sh", "-c", "mkdir -p /out/d && echo one > /out/d/1.txt && echo two > /out/2.txt")
	rc, err := c.CopyFrom(context.Background(), "/out")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got := map[string]string{}
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		got[strings.TrimSuffix(h.Name, "/")] = string(b)
	}
	for name, want := range map[string]string{"out/d/1.txt": "one\n", "out/2.txt": "two\n", "out/d": ""} {
		if body, ok := got[name]; !ok || body != want {
			t.Errorf("%s = %q (present %v), want %q; tar has %v", name, body, ok, want, got)
		}
	}
	if _, err := c.CopyFrom(context.Background(), "/no/such/path"); err == nil {
		t.Error("CopyFrom a missing path: want an error")
	}
}
