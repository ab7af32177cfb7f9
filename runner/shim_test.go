package runner

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDockerShimRewritesMappedHosts runs the shim with a fake docker that
// prints its arguments.
func TestDockerShimRewritesMappedHosts(t *testing.T) {
	shim := filepath.Join(t.TempDir(), "shim")
	if err := writeDockerShim(shim, map[string]string{"ghcr.io": "127.0.0.1:5000", "docker.pkg.github.com": "127.0.0.1:5001"}); err != nil {
		t.Fatal(err)
	}
	fake := t.TempDir()
	if err := os.WriteFile(filepath.Join(fake, "docker"), []byte("#!/bin/sh\necho \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"login ghcr.io -u mona --password-stdin":    "login 127.0.0.1:5000 -u mona --password-stdin",
		"tag app ghcr.io/octo/app:1":                "tag app 127.0.0.1:5000/octo/app:1",
		"push docker.pkg.github.com/o/r/img:sha":    "push 127.0.0.1:5001/o/r/img:sha",
		"build . --tag app --label ghcr.io-is-kept": "build . --tag app --label ghcr.io-is-kept",
	}
	for args, want := range tests {
		cmd := exec.Command(filepath.Join(shim, "docker"), strings.Fields(args)...)
		cmd.Env = []string{"PATH=" + shim + ":" + fake + ":/usr/bin:/bin"}
		out, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != want {
			t.Errorf("docker %s → %q (%v), want %q", args, out, err, want)
		}
	}
}
