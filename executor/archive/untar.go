// Package archive extracts tar streams into a directory safely: the one
// extractor behind a toolchain download (setupnode) and a directory copied
// out of a remote engine's container (docker).
package archive

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Options say how entries map into the destination.
type Options struct {
	// Strip drops this many leading path components from every name;
	// entries entirely within them (the top directory) are skipped.
	Strip int
	// LinksMayLeave lets symlinks point outside the destination, as a
	// job's workspace may (a link to /usr/bin/node). A toolchain's may not.
	LinksMayLeave bool
}

// Untar writes the tar stream r into dest through an os.Root, so that no
// entry, nor a symlink an earlier entry planted, reaches outside dest.
// Directories, regular files (modes kept, at least owner read-write),
// symlinks and hard links are written; devices and fifos are skipped.
func Untar(r io.Reader, dest string, o Options) error {
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
		name, ok := stripPath(hdr.Name, o.Strip)
		if !ok {
			continue
		}
		if err := writeEntry(root, tr, hdr, name, o); err != nil {
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

func writeEntry(root *os.Root, tr io.Reader, hdr *tar.Header, name string, o Options) error {
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	mode := fs.FileMode(hdr.Mode).Perm()
	switch hdr.Typeflag {
	case tar.TypeDir:
		if err := root.MkdirAll(name, mode|0o700); err != nil {
			return err
		}
		return root.Chmod(name, mode|0o700)
	case tar.TypeReg:
		return writeFile(root, tr, name, mode|0o600)
	case tar.TypeSymlink:
		leaves := path.IsAbs(hdr.Linkname) || !filepath.IsLocal(path.Join(path.Dir(name), hdr.Linkname))
		if leaves && !o.LinksMayLeave {
			return fmt.Errorf("symlink to %q leaves the archive", hdr.Linkname)
		}
		_ = root.Remove(name)
		return root.Symlink(hdr.Linkname, name)
	case tar.TypeLink:
		target, ok := stripPath(hdr.Linkname, o.Strip)
		if !ok || !filepath.IsLocal(strings.TrimPrefix(hdr.Linkname, "./")) {
			return fmt.Errorf("hard link to %q leaves the archive", hdr.Linkname)
		}
		_ = root.Remove(name)
		return root.Link(target, name)
	}
	return nil // devices, fifos and the like have no place in a job's files
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
