package actions

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestRegistryMap(t *testing.T) {
	m := RegistryMap{"ghcr.io": "127.0.0.1:5000", "docker.io": "127.0.0.1:5001"}
	tests := map[string]string{
		"ghcr.io/acme/app:1":              "127.0.0.1:5000/acme/app:1",
		"acme/app:1":                      "127.0.0.1:5001/acme/app:1",
		"alpine":                          "127.0.0.1:5001/library/alpine",
		"index.docker.io/acme/app":        "127.0.0.1:5001/acme/app",
		"docker.pkg.github.com/a/b/c:1":   "docker.pkg.github.com/a/b/c:1",
		"localhost:5000/x:1":              "localhost:5000/x:1",
		"127.0.0.1:5000/already/mapped:1": "127.0.0.1:5000/already/mapped:1",
	}
	for in, want := range tests {
		if got := m.Ref(in); got != want {
			t.Errorf("Ref(%q) = %q, want %q", in, got, want)
		}
	}
	if got := m.Host(""); got != "127.0.0.1:5001" {
		t.Errorf("Host(\"\") = %q: an empty registry is Docker Hub", got)
	}
}

func TestCredentialsWriteDockerConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".docker")
	c := NewCredentials(dir)
	if err := c.Set("127.0.0.1:5000", "mona", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if err := c.Set("docker.io", "hub", "pw"); err != nil {
		t.Fatal(err)
	}
	if u, p, ok := c.Get("127.0.0.1:5000"); !ok || u != "mona" || p != "s3cret" {
		t.Errorf("Get = %q %q %v", u, p, ok)
	}
	data, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Auths map[string]struct{ Auth string }
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Auths["127.0.0.1:5000"].Auth != "bW9uYTpzM2NyZXQ=" || cfg.Auths["https://index.docker.io/v1/"].Auth == "" {
		t.Errorf("config.json = %s", data)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "config.json")); fi.Mode().Perm() != 0o600 {
		t.Errorf("config.json mode %v, want 0600", fi.Mode().Perm())
	}
	if err := c.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "config.json")); !os.IsNotExist(err) {
		t.Error("logout left config.json behind")
	}
}
