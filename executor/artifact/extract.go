package artifact

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/klauspost/compress/flate"
)

// DigestError reports a zip whose sha256 is not the one recorded at upload.
// download-artifact only warns about it, so Extract returns it after
// extracting everything.
type DigestError struct {
	Name     string
	Expected string // hex sha256 recorded at upload
	Actual   string // hex sha256 of the zip read
}

func (e *DigestError) Error() string {
	return fmt.Sprintf("Artifact '%s' digest validation failed: expected sha256:%s, got sha256:%s", e.Name, e.Expected, e.Actual)
}

// Extract unzips artifact name into dest, creating dest when missing. The
// digest is computed by a second reader running alongside the extraction,
// the way download-artifact hashes the stream it unzips; a mismatch comes
// back as *DigestError once the files are written.
func (s *Store) Extract(ctx context.Context, name, dest string) error {
	a, err := s.Get(name)
	if err != nil {
		return err
	}
	f, err := os.Open(a.Path)
	if err != nil {
		return fmt.Errorf("extract artifact '%s': %w", name, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("extract artifact '%s': %w", name, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sum := make(chan hashResult, 1)
	go func() { sum <- hashReader(ctx, io.NewSectionReader(f, 0, info.Size())) }()
	err = extractZip(ctx, f, info.Size(), dest)
	if err != nil {
		cancel()
	}
	h := <-sum
	if err == nil {
		err = h.err
	}
	if err != nil {
		return fmt.Errorf("extract artifact '%s': %w", name, err)
	}
	if h.digest != a.Digest {
		return &DigestError{Name: name, Expected: a.Digest, Actual: h.digest}
	}
	return nil
}

type hashResult struct {
	digest string
	err    error
}

func hashReader(ctx context.Context, r io.Reader) hashResult {
	h := sha256.New()
	if _, err := io.CopyBuffer(h, ctxReader{ctx, r}, make([]byte, 256<<10)); err != nil {
		return hashResult{err: err}
	}
	return hashResult{digest: hex.EncodeToString(h.Sum(nil))}
}

// extractZip writes the zip's entries under dest. All writes go through an
// os.Root, so neither an entry name nor a symlink already in dest can lead a
// write outside it.
func extractZip(ctx context.Context, r io.ReaderAt, size int64, dest string) error {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are checked below
		return err
	}
	zr.RegisterDecompressor(zip.Deflate, reusedDecompressor())
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dest)
	if err != nil {
		return err
	}
	defer root.Close()
	x := &extractor{root: root, dirs: map[string]bool{}, buf: make([]byte, 256<<10)}
	for _, zf := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := x.entry(ctx, zf); err != nil {
			return fmt.Errorf("%q: %w", zf.Name, err)
		}
	}
	return nil
}

// reusedDecompressor lets every entry share one inflater; entries are read
// one after another, so one is never in use twice.
func reusedDecompressor() zip.Decompressor {
	var fr io.ReadCloser
	return func(r io.Reader) io.ReadCloser {
		if fr == nil {
			fr = flate.NewReader(r)
		} else if err := fr.(flate.Resetter).Reset(r, nil); err != nil {
			return flate.NewReader(r)
		}
		return fr
	}
}

type extractor struct {
	root *os.Root
	dirs map[string]bool // directories already made, to spare a MkdirAll per file
	buf  []byte
}

func (x *extractor) entry(ctx context.Context, zf *zip.File) error {
	name, err := entryPath(zf.Name)
	if err != nil || name == "" {
		return err
	}
	mode := zf.Mode()
	if mode&fs.ModeSymlink != 0 {
		return errors.New("symbolic links are not extracted")
	}
	if mode.IsDir() || strings.HasSuffix(zf.Name, "/") {
		return x.mkdir(name)
	}
	if err := x.mkdir(path.Dir(name)); err != nil {
		return err
	}
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	// As unzip-stream's fs.createWriteStream: create 0644 (less the umask),
	// or truncate a file already there.
	w, err := x.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.CopyBuffer(w, ctxReader{ctx, rc}, x.buf) // the zip reader checks the CRC at EOF
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}

func (x *extractor) mkdir(dir string) error {
	if dir == "." || x.dirs[dir] {
		return nil
	}
	if err := x.root.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	x.dirs[dir] = true
	return nil
}

// entryPath turns a zip entry name into a path relative to dest, refusing
// absolute names and names that climb out with "..". "" means dest itself.
func entryPath(name string) (string, error) {
	if strings.HasPrefix(name, "/") {
		return "", errors.New("absolute path in zip")
	}
	clean := path.Clean(name)
	if clean == "." {
		return "", nil
	}
	if clean == ".." || strings.HasPrefix(clean, "../") || strings.ContainsRune(clean, 0) {
		return "", errors.New("path escapes the destination")
	}
	return clean, nil
}
