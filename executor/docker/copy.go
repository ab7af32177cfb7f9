package docker

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
)

// CopyTo extracts a tar stream into dstDir in the container, creating dstDir
// (and its parents) when missing: the engine refuses to extract into a path
// that does not exist.
func (c *Container) CopyTo(ctx context.Context, dstDir string, tarStream io.Reader) error {
	if !path.IsAbs(dstDir) {
		return fmt.Errorf("copy into %s: %q is not an absolute path", c.name, dstDir)
	}
	if err := c.ensureDir(ctx, path.Clean(dstDir)); err != nil {
		return fmt.Errorf("copy into %s:%s: %w", c.name, dstDir, err)
	}
	err := c.engine.api.CopyToContainer(ctx, c.id, dstDir, tarStream, container.CopyToContainerOptions{})
	if err != nil {
		return fmt.Errorf("copy into %s:%s: %w", c.name, dstDir, err)
	}
	return nil
}

// CopyFrom returns a tar of srcPath (a file or a directory) in the container.
// The caller closes it.
func (c *Container) CopyFrom(ctx context.Context, srcPath string) (io.ReadCloser, error) {
	rc, _, err := c.engine.api.CopyFromContainer(ctx, c.id, srcPath)
	if err != nil {
		return nil, fmt.Errorf("copy from %s:%s: %w", c.name, srcPath, err)
	}
	return rc, nil
}

// ensureDir creates dir without relying on a shell or mkdir in the image: it
// extracts a one-entry tar at "/". Only the missing leaf is in the tar; the
// engine creates missing parents itself, so existing directories (say /tmp
// with its sticky bit) keep their modes.
func (c *Container) ensureDir(ctx context.Context, dir string) error {
	if dir == "/" {
		return nil
	}
	_, err := c.engine.api.ContainerStatPath(ctx, c.id, dir)
	if err == nil {
		return nil
	}
	if !cerrdefs.IsNotFound(err) {
		return fmt.Errorf("stat: %w", err)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := &tar.Header{Typeflag: tar.TypeDir, Name: strings.TrimPrefix(dir, "/") + "/", Mode: 0o755}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := c.engine.api.CopyToContainer(ctx, c.id, "/", &buf, container.CopyToContainerOptions{}); err != nil {
		return fmt.Errorf("create directory: %w", err)
	}
	return nil
}
