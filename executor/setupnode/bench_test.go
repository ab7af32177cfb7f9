package setupnode

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkResolveCached resolves against a tool cache of 40 versions with
// no network: the cost of a cache hit (directory listing plus marker stats).
func BenchmarkResolveCached(b *testing.B) {
	cache := b.TempDir()
	for major := 10; major < 20; major++ {
		for minor := 0; minor < 4; minor++ {
			cacheVersion(b, cache, fmt.Sprintf("%d.%d.0", major, minor), true)
		}
	}
	o := Options{ToolCache: cache, Mirror: "http://127.0.0.1:1", NPMRegistry: "http://127.0.0.1:1"}
	ctx := context.Background()
	for _, spec := range []string{"14", ">=16 <18", "14.2.0", "lts/fermium"} {
		b.Run(spec, func(b *testing.B) {
			for b.Loop() {
				if _, cached, err := Resolve(ctx, o, spec); err != nil || !cached {
					b.Fatalf("Resolve(%q): cached=%v err=%v", spec, cached, err)
				}
			}
		})
	}
}
