package dockermeta

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzGenerate feeds arbitrary tags, flavor and labels inputs and refs:
// Generate may refuse them but must not panic, and what it returns must
// hang together.
func FuzzGenerate(f *testing.F) {
	for _, seed := range []struct{ tags, flavor, labels, ref string }{
		{semverTags, "", "", "refs/tags/v1.2.3"},
		{"type=schedule,pattern={{date 'YYYYMMDD' tz='Asia/Tokyo'}}\ntype=edge", "latest=true", "a=b", "refs/heads/main"},
		{"type=match,pattern=/v(\\d+)/i,group=1\ntype=pep440,pattern={{major}}", "prefix=p-,onlatest=true", "x={{branch}}", "refs/tags/V1.0rc1"},
		{`type=raw,"value=a,b",enable={{is_default_branch}},priority=x`, "suffix=-{{sha}}", "__proto__=1", "refs/pull/3/merge"},
		{"{{{tag}}}\n# c\n\\{{x}}", "", "", ""},
	} {
		f.Add(seed.tags, seed.flavor, seed.labels, seed.ref)
	}
	f.Fuzz(func(t *testing.T, tags, flavor, labels, ref string) {
		ev := event("push", ref)
		res, err := Generate(Inputs{Images: "a/b\nc/d", Tags: tags, Flavor: flavor, Labels: labels}, ev)
		if err != nil {
			return
		}
		if len(res.Tags) != 2*len(res.TagNames) {
			t.Fatalf("%d tags for %d names and two images", len(res.Tags), len(res.TagNames))
		}
		if (res.Version == "") != (len(res.TagNames) == 0) {
			t.Fatalf("version %q with tag names %q", res.Version, res.TagNames)
		}
		for _, tag := range res.TagNames {
			if tag == "" || strings.Trim(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != "" {
				t.Fatalf("tag %q is not sanitised", tag)
			}
		}
		for _, name := range outputNames() {
			if strings.HasPrefix(name, "json") || strings.HasPrefix(name, "bake-file") {
				if !json.Valid([]byte(res.Outputs[name])) {
					t.Fatalf("%s is not JSON: %s", name, res.Outputs[name])
				}
			}
		}
	})
}

// BenchmarkGenerate measures the default tags for a pushed tag: four
// entries, one image, labels, annotations, JSON and bake files.
func BenchmarkGenerate(b *testing.B) {
	in := Inputs{Images: "ghcr.io/acme/app"}
	ev := event("push", "refs/tags/v1.2.3")
	for b.Loop() {
		if _, err := Generate(in, ev); err != nil {
			b.Fatal(err)
		}
	}
}
