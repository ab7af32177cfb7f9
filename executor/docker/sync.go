package docker

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// PushDir copies the contents of hostDir into dir in the container, for an
// engine that cannot bind-mount the host's directories (a remote one).
func (c *Container) PushDir(ctx context.Context, hostDir, dir string) error {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeTar(pw, hostDir)) }()
	defer pr.Close()
	return c.CopyTo(ctx, dir, pr)
}

// PullDir makes hostDir hold exactly what dir holds in the container:
// hostDir is emptied first, so files the job deleted are gone on the host
// too. Entries that would land outside hostDir are refused.
func (c *Container) PullDir(ctx context.Context, dir, hostDir string) error {
	rc, err := c.CopyFrom(ctx, dir)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := emptyDir(hostDir); err != nil {
		return fmt.Errorf("pull %s: %w", dir, err)
	}
	if err := extractTar(rc, hostDir, path.Base(path.Clean(dir))); err != nil {
		return fmt.Errorf("pull %s from %s: %w", dir, c.name, err)
	}
	return nil
}

// writeTar writes the tree under dir as a tar whose names are relative to it.
func writeTar(w io.Writer, dir string) error {
	tw := tar.NewWriter(w)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		hdr.Name = filepath.ToSlash(rel)
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	})
	if err != nil {
		return err
	}
	return tw.Close()
}

func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// extractTar writes the entries under top/ of a container's tar into dir.
func extractTar(r io.Reader, dir, top string) error {
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, ok := strings.CutPrefix(hdr.Name, top+"/")
		if !ok || rel == "" {
			continue // the top directory itself
		}
		target, err := safeJoin(dir, rel)
		if err != nil {
			return err
		}
		if err := writeEntry(tr, hdr, target); err != nil {
			return err
		}
	}
}

// safeJoin joins rel to dir, refusing names that climb out of dir and
// parents that are symlinks (which a job could aim anywhere on the host).
func safeJoin(dir, rel string) (string, error) {
	clean := path.Clean("/" + rel)
	if clean != "/"+strings.TrimSuffix(rel, "/") {
		return "", fmt.Errorf("refusing tar entry %q", rel)
	}
	target := filepath.Join(dir, filepath.FromSlash(clean))
	for p := filepath.Dir(target); p != dir && strings.HasPrefix(p, dir); p = filepath.Dir(p) {
		if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("refusing tar entry %q below a symlink", rel)
		}
	}
	return target, nil
}

func writeEntry(r io.Reader, hdr *tar.Header, target string) error {
	mode := fs.FileMode(hdr.Mode).Perm()
	switch hdr.Typeflag {
	case tar.TypeDir:
		return os.MkdirAll(target, mode|0o700)
	case tar.TypeSymlink:
		return os.Symlink(hdr.Linkname, target)
	case tar.TypeReg:
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		// Never write through a symlink an earlier entry made.
		if fi, err := os.Lstat(target); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if err := os.Remove(target); err != nil {
				return err
			}
		}
		f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode|0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, r); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return nil // devices, fifos, hard links: not part of a workspace
}
