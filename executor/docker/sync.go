package docker

import (
	"archive/tar"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gantry-ci/gantry/executor/archive"
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
	// The container's tar holds dir itself as its top directory.
	if err := archive.Untar(rc, hostDir, archive.Options{Strip: 1, LinksMayLeave: true}); err != nil {
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
