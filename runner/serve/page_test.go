package serve

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gantry-ci/gantry/runner/serve/queue"
)

const chromiumPath = "/usr/bin/chromium"

// chromium returns Debian's chromium, installing it with apt-get when it
// is missing. The page test fails, never skips, without it.
func chromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		out, err := exec.Command("apt-get", "install", "-y", "chromium").CombinedOutput()
		if err != nil {
			t.Fatalf("chromium is missing and apt-get install -y chromium failed: %v\n%s", err, out)
		}
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("chromium is unavailable: %v", err)
	}
	return chromiumPath
}

// dumpDOM loads url in headless chromium and returns the DOM after its
// scripts ran.
func dumpDOM(t *testing.T, bin, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=2000", "--dump-dom", url)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v", url, err)
	}
	return string(out)
}

func TestPageInChromium(t *testing.T) {
	bin := chromium(t)
	bare, clone := bareRepo(t, echoWorkflow)
	run(t, clone, "git", "push", "--quiet", "origin", "main")
	sha := run(t, clone, "git", "rev-parse", "HEAD")
	d := startDaemon(t, Config{DataDir: t.TempDir(), WebhookSecret: secret,
		Repositories: []Repository{{Name: "octo/app", Path: bare}}})
	_, id := deliver(t, d.URL, sha)
	if r := waitRun(t, d.URL, id); r.Status != queue.Success {
		t.Fatalf("run = %+v", r)
	}
	tests := []struct {
		path string
		want []string
	}{
		{"/", []string{`<table id="runs">`, fmt.Sprintf(`href="/runs/%d"`, id), "octo/app", "refs/heads/main", sha[:7], `class="success"`}},
		{fmt.Sprintf("/runs/%d", id), []string{"Run #1", "hello from gantry serve", "build: success", "Start job"}},
	}
	for _, tc := range tests {
		dom := dumpDOM(t, bin, d.URL+tc.path)
		for _, w := range tc.want {
			if !strings.Contains(dom, w) {
				t.Errorf("%s: the page has no %q:\n%s", tc.path, w, dom)
			}
		}
	}
}
