package event

import (
	"context"
	"testing"
)

// BenchmarkSynthesizePush measures a default push event on a small
// repository. It is bound by starting git processes (five of them).
func BenchmarkSynthesizePush(b *testing.B) {
	r := newRepo(b)
	r.git("remote", "add", "origin", "https://github.com/acme/widget.git")
	r.commit("one", map[string]string{"a.txt": "a\n"})
	r.commit("two", map[string]string{"b.txt": "b\n", "a.txt": "a2\n"})
	ctx := context.Background()
	n := 0
	for b.Loop() {
		if _, err := Synthesize(ctx, Options{Dir: r.dir}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(n), "ms/op")
}
