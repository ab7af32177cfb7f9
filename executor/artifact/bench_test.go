package artifact

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkUploadDownload zips and unzips 1 GB in 10,000 files of
// incompressible data and times `tar c | tar x` of the same tree for scale.
// Run it alone: go test -run='^$' -bench=UploadDownload -benchtime=1x.
func BenchmarkUploadDownload(b *testing.B) {
	if testing.Short() {
		b.Skip("writes 4 GB of temp files")
	}
	const dirs, perDir, size = 100, 100, 100 << 10
	src := filepath.Join(b.TempDir(), "src")
	genTree(b, src, dirs, perDir, size)
	files, root, err := Search("src/", filepath.Dir(src), "/", false)
	if err != nil || len(files) != dirs*perDir {
		b.Fatalf("Search found %d files: %v", len(files), err)
	}
	b.SetBytes(dirs * perDir * size)
	for b.Loop() {
		work := b.TempDir()
		s, err := OpenStore(filepath.Join(work, "store"), 1)
		if err != nil {
			b.Fatal(err)
		}
		base := resetPeakRSS(b)
		start := time.Now()
		a, err := s.Upload(context.Background(), UploadOptions{Name: "bench", Root: root, Files: files,
			CompressionLevel: 6, RetentionDays: 1})
		if err != nil {
			b.Fatal(err)
		}
		uploaded := time.Now()
		if err := s.Extract(context.Background(), "bench", filepath.Join(work, "dst")); err != nil {
			b.Fatal(err)
		}
		extracted := time.Now()
		peak := procStatusKB(b, "VmHWM")
		tarStart := time.Now()
		tarDst := filepath.Join(work, "tardst")
		cmd := exec.Command("bash", "-c", `mkdir -p "$2" && tar c -C "$1" . | tar x -C "$2"`, "bash", src, tarDst)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("tar: %v\n%s", err, out)
		}
		tarTime := time.Since(tarStart)
		gantry := extracted.Sub(start)
		b.ReportMetric(ms(uploaded.Sub(start)), "upload-ms")
		b.ReportMetric(ms(extracted.Sub(uploaded)), "extract-ms")
		b.ReportMetric(ms(gantry), "gantry-ms")
		b.ReportMetric(ms(tarTime), "tar-ms")
		b.ReportMetric(gantry.Seconds()/tarTime.Seconds(), "gantry/tar")
		b.ReportMetric(float64(peak)/1024, "peak-rss-MB")
		b.ReportMetric(float64(peak-base)/1024, "rss-growth-MB")
		b.ReportMetric(float64(a.Size)/(1<<20), "zip-MB")
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// genTree writes dirs×perDir files of size bytes from a fast PRNG, which
// deflate cannot shrink: the worst case for time spent compressing.
func genTree(b *testing.B, dir string, dirs, perDir, size int) {
	b.Helper()
	rng := rand.NewChaCha8([32]byte{42})
	buf := make([]byte, size)
	for d := range dirs {
		sub := filepath.Join(dir, fmt.Sprintf("d%03d", d))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		for f := range perDir {
			_, _ = rng.Read(buf)
			if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%03d.bin", f)), buf, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// resetPeakRSS makes VmHWM restart from the current RSS (clear_refs "5"),
// so the peak read afterwards belongs to the measured section, and returns
// that current RSS in KiB.
func resetPeakRSS(b *testing.B) int64 {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset peak RSS (%v); peak covers the whole process", err)
	}
	return procStatusKB(b, "VmRSS")
}

func procStatusKB(b *testing.B, field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb
		}
	}
	b.Fatalf("%s not in /proc/self/status", field)
	return 0
}
