package setupnode

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersionFromFile(t *testing.T) {
	cases := []struct {
		name, file, content, want string
	}{
		{"nvmrc", ".nvmrc", "18.17.1\n", "18.17.1"},
		{"v prefix", ".nvmrc", "v20\n", "20"},
		{"lts alias", ".nvmrc", "lts/*\n", "lts/*"},
		{"lts codename", ".nvmrc", "lts/hydrogen", "lts/hydrogen"},
		{"crlf", ".node-version", "16.20.2\r\n", "16.20.2"},
		{"comment first", ".nvmrc", "# pinned for CI\n#old\n\n22\n", "22"},
		{"range", ".node-version", ">=18", ">=18"},
		{"tool-versions nodejs", ".tool-versions", "python 3.12.1\nnodejs 20.11.1\nruby 3.3.0\n", "20.11.1"},
		{"tool-versions node", ".tool-versions", "node v18.19.0\n", "18.19.0"},
		{"no matching line", ".nvmrc", "  node 18 # comment  \n", "node 18 # comment"},
		{"volta", "package.json", `{"volta":{"node":"18.19.0"},"engines":{"node":">=16"}}`, "18.19.0"},
		{"engines", "package.json", `{"name":"x","engines":{"node":"^20.11.0"}}`, "^20.11.0"},
		{"volta number", "package.json", `{"volta":{"node":18}}`, "18"},
		{"package.json without node", "package.json", `{"name":"x","engines":{"npm":">=9"}}`, ""},
		{"json array", "package.json", `["18"]`, ""},
		{"json scalar", ".nvmrc", "18\n", "18"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		path := filepath.Join(dir, c.file)
		if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := VersionFromFile(path)
		if err != nil || got != c.want {
			t.Errorf("%s: VersionFromFile = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestVersionFromFileVoltaExtends(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"volta":{"node":"20.11.1"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "packages", "app")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "package.json"), []byte(`{"volta":{"extends":"../../package.json"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := VersionFromFile(filepath.Join(sub, "package.json")); err != nil || got != "20.11.1" {
		t.Errorf("VersionFromFile = %q, %v", got, err)
	}
}

func TestVersionFromFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".nvmrc")
	_, err := VersionFromFile(path)
	if err == nil || !strings.Contains(err.Error(), "The specified node version file at: "+path+" does not exist") {
		t.Errorf("err = %v", err)
	}
}
