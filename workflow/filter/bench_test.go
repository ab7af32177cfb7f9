package filter

import "testing"

// benchList is a typical `branches:` list: exact names, a prefix glob, a
// semver tag pattern and an exclusion.
var benchList = []string{"main", "develop", "releases/**", "!releases/**-alpha", "v[12].[0-9]+.[0-9]+"}

func BenchmarkListMatch(b *testing.B) {
	l := mustList(b, benchList...)
	for _, ref := range []string{"main", "releases/2024/10-alpha", "feature/some-long-branch-name"} {
		b.Run(ref, func(b *testing.B) {
			for b.Loop() {
				l.Match(ref)
			}
		})
	}
}

func BenchmarkCompileList(b *testing.B) {
	for b.Loop() {
		if _, err := CompileList(benchList); err != nil {
			b.Fatal(err)
		}
	}
}
