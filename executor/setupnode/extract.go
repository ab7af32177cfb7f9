package setupnode

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// extractArchive unpacks a .tar.gz or .tar.xz (told apart by their magic
// bytes, not the URL) into dest, dropping the first strip path components
// as `tar --strip 1` does for Node's node-v<ver>-linux-x64/ and npm's
// package/ prefixes.
func extractArchive(ctx context.Context, archive, dest string, strip int) error {
	f, err := os.Open(archive)
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	magic, _ := br.Peek(6)
	var r io.Reader
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("extract %s: %w", filepath.Base(archive), err)
		}
		defer gz.Close()
		r = gz
	case bytes.Equal(magic, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		// Go has no xz decoder in the standard library; the host's xz is
		// used rather than adding a dependency for a fallback format.
		ctx, cancel := context.WithCancel(ctx)
		cmd := exec.CommandContext(ctx, "xz", "-dc")
		cmd.Stdin = br
		out, err := cmd.StdoutPipe()
		if err != nil {
			cancel()
			return fmt.Errorf("extract: %w", err)
		}
		if err := cmd.Start(); err != nil {
			cancel()
			return fmt.Errorf("extract %s: xz: %w", filepath.Base(archive), err)
		}
		// Killing xz first keeps Wait from blocking on a reader that
		// stopped early because of a bad entry.
		defer func() { cancel(); _ = cmd.Wait() }()
		r = out
	default:
		return fmt.Errorf("extract %s: not a gzip or xz archive", filepath.Base(archive))
	}
	if err := untar(r, dest, strip); err != nil {
		return fmt.Errorf("extract %s: %w", filepath.Base(archive), err)
	}
	return nil
}

// untar writes through an os.Root, so no entry (nor a symlink planted by an
// earlier entry) can reach outside dest; link targets are also checked so
// the tree cannot point outside itself once mounted in a job.
func untar(r io.Reader, dest string, strip int) error {
	root, err := os.OpenRoot(dest)
	if err != nil {
		return err
	}
	defer root.Close()
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if !filepath.IsLocal(strings.TrimPrefix(hdr.Name, "./")) {
			return fmt.Errorf("unsafe path %q in archive", hdr.Name)
		}
		name, ok := stripPath(hdr.Name, strip)
		if !ok {
			continue
		}
		if err := writeEntry(root, tr, hdr, name, strip); err != nil {
			return fmt.Errorf("%s: %w", hdr.Name, err)
		}
	}
}

// stripPath drops the leading components; ok is false for entries that
// lie entirely within the stripped prefix.
func stripPath(name string, strip int) (string, bool) {
	parts := strings.Split(path.Clean(strings.TrimPrefix(name, "./")), "/")
	if len(parts) <= strip {
		return "", false
	}
	return path.Join(parts[strip:]...), true
}

func writeEntry(root *os.Root, tr io.Reader, hdr *tar.Header, name string, strip int) error {
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	switch hdr.Typeflag {
	case tar.TypeDir:
		return root.MkdirAll(name, 0o755)
	case tar.TypeReg:
		return writeFile(root, tr, name, fs.FileMode(hdr.Mode).Perm()|0o600)
	case tar.TypeSymlink:
		if path.IsAbs(hdr.Linkname) || !filepath.IsLocal(path.Join(path.Dir(name), hdr.Linkname)) {
			return fmt.Errorf("symlink to %q leaves the archive", hdr.Linkname)
		}
		_ = root.Remove(name)
		return root.Symlink(hdr.Linkname, name)
	case tar.TypeLink:
		target, ok := stripPath(hdr.Linkname, strip)
		if !ok || !filepath.IsLocal(strings.TrimPrefix(hdr.Linkname, "./")) {
			return fmt.Errorf("hard link to %q leaves the archive", hdr.Linkname)
		}
		_ = root.Remove(name)
		return root.Link(target, name)
	}
	return nil // devices, fifos and the like have no place in a toolchain
}

func writeFile(root *os.Root, r io.Reader, name string, mode fs.FileMode) error {
	_ = root.Remove(name) // never write through a link an earlier entry made
	f, err := root.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// The umask may have narrowed the mode; executables must stay so.
	return root.Chmod(name, mode)
}
