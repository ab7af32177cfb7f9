package stepio

import (
	"fmt"
	"strings"
	"testing"
)

// buildLog is typical build output: compiler and test lines, some
// annotations and groups, mostly without secrets.
func buildLog(n int) []byte {
	templates := []string{
		"[%d/10000] Compiling src/module_%d/handler.go (cached)",
		"npm WARN deprecated package-%d@1.0.%d: this package is no longer maintained",
		"  PASS  test/unit/feature_%d.test.js (%d ms)",
		"::group::Step %d of %d",
		"::endgroup::",
		"Downloading https://registry.example.com/artifact-%d.tgz (%d kB)",
		"::warning file=src/a_%d.ts,line=%d::Unused variable",
		"Authorization: Bearer ghp_exampleTokenValue0123456789 (request %d, try %d)",
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		t := templates[i%len(templates)]
		if strings.Count(t, "%d") == 2 {
			fmt.Fprintf(&b, t, i, i%97)
		} else {
			b.WriteString(t)
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// BenchmarkProcessorLines: 10,000 lines with 5 secrets registered.
func BenchmarkProcessorLines(b *testing.B) {
	const lines = 10000
	log := buildLog(lines)
	m := NewMasker()
	for _, s := range []string{"ghp_exampleTokenValue0123456789", "hunter2-password", "AKIAIOSFODNN7EXAMPLE",
		"xoxb-1234-5678-abcdefgh", "s3cr3t-db-pass"} {
		m.Add(s)
	}
	b.SetBytes(int64(len(log)))
	b.ResetTimer()
	for b.Loop() {
		p := NewProcessor(m, SinkFunc(func(Line) {}))
		// Write in 4 KiB chunks, as a pipe would deliver it.
		for rest := log; len(rest) > 0; {
			n := min(4096, len(rest))
			p.Write(rest[:n])
			rest = rest[n:]
		}
		p.Flush()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/lines, "ns/line")
}
