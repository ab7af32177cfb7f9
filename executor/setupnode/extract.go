package setupnode

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/gantry-ci/gantry/executor/archive"
)

// extractArchive unpacks a .tar.gz or .tar.xz (told apart by their magic
// bytes, not the URL) into dest, dropping the first strip path components
// as `tar --strip 1` does for Node's node-v<ver>-linux-x64/ and npm's
// package/ prefixes.
func extractArchive(ctx context.Context, file, dest string, strip int) error {
	f, err := os.Open(file)
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
			return fmt.Errorf("extract %s: %w", filepath.Base(file), err)
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
			return fmt.Errorf("extract %s: xz: %w", filepath.Base(file), err)
		}
		// Killing xz first keeps Wait from blocking on a reader that
		// stopped early because of a bad entry.
		defer func() { cancel(); _ = cmd.Wait() }()
		r = out
	default:
		return fmt.Errorf("extract %s: not a gzip or xz archive", filepath.Base(file))
	}
	if err := archive.Untar(r, dest, archive.Options{Strip: strip}); err != nil {
		return fmt.Errorf("extract %s: %w", filepath.Base(file), err)
	}
	return nil
}
