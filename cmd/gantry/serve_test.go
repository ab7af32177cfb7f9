package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestServeConfig(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "serve.yml")
	if err := os.WriteFile(cfgFile, []byte(`listen: 127.0.0.1:9000
data: `+dir+`
capacity: 3
webhook_secret: from-file
shutdown_timeout: 30s
platforms: {ubuntu-latest: local/runner:1}
registry_maps: {ghcr.io: 127.0.0.1:5000}
repositories:
  - name: octo/app
    path: /srv/git/app.git
    secrets: {TOKEN: t0k3n}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, cfgOut string)
	}{
		{"file only", []string{"--config", cfgFile}, nil},
		{"flags override", []string{"--config", cfgFile, "--capacity", "5", "--listen", "127.0.0.1:9001"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := (&Command{}).newFlags("serve")
			var f serveFlags
			f.register(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			cfg, err := serveConfig(fs, &f)
			if err != nil {
				t.Fatal(err)
			}
			wantCap, wantListen := 3, "127.0.0.1:9000"
			if tc.name == "flags override" {
				wantCap, wantListen = 5, "127.0.0.1:9001"
			}
			if cfg.Capacity != wantCap || cfg.Listen != wantListen || cfg.WebhookSecret != "from-file" ||
				cfg.ShutdownTimeout != 30*time.Second || cfg.Platforms["ubuntu-latest"] != "local/runner:1" ||
				cfg.RegistryMaps["ghcr.io"] != "127.0.0.1:5000" || len(cfg.Repositories) != 1 ||
				cfg.Repositories[0].Secrets["TOKEN"] != "t0k3n" {
				t.Errorf("config = %+v", cfg)
			}
		})
	}
}

func TestServeRefusesBadSetups(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yml")
	_ = os.WriteFile(bad, []byte("capacty: 2\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"off loopback without a token", []string{"--listen", "0.0.0.0:0", "--data", dir}, "needs a token"},
		{"unknown config key", []string{"--config", bad}, "capacty"},
		{"missing config", []string{"--config", filepath.Join(dir, "none.yml")}, "no such file"},
		{"argument", []string{"extra"}, "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := (&Command{Stdout: &bytes.Buffer{}, Stderr: &stderr}).Main(append([]string{"serve"}, tc.args...))
			if code != ExitUsage || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), ExitUsage, tc.want)
			}
		})
	}
}
