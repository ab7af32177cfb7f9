// Package registrytest starts a real registry for tests: Debian's
// docker-registry (distribution 2.8) on 127.0.0.1 with htpasswd auth,
// through testdata/env/registry.sh, and stops it when the test ends.
package registrytest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Registry is a running test registry.
type Registry struct {
	Host string // 127.0.0.1:PORT
	User string
	Pass string
	Dir  string // config, htpasswd, data, log
}

// Start starts a registry or fails the test, saying why: these tests are
// about the real registry, so a machine that cannot run one must not pass
// them by skipping. registry.sh installs the Debian packages it needs when
// they are missing.
func Start(t testing.TB) *Registry {
	t.Helper()
	script, err := findScript()
	if err != nil {
		t.Fatalf("cannot start the test registry: %v", err)
	}
	dir := t.TempDir()
	r := &Registry{User: "gantry", Pass: randomHex(t), Dir: dir}
	var out []byte
	// A port picked free can be taken before the registry binds it; try a
	// few before giving up.
	for attempt := 0; attempt < 3; attempt++ {
		port := freePort(t)
		out, err = run(script, "up", strconv.Itoa(port), dir, r.User, r.Pass)
		if err == nil {
			r.Host = "127.0.0.1:" + strconv.Itoa(port)
			break
		}
	}
	if err != nil {
		t.Fatalf("cannot start the test registry (%s up): %v\n%s%s", script, err, out, logTail(dir))
	}
	t.Cleanup(func() {
		if out, err := run(script, "down", dir); err != nil {
			t.Errorf("stopping the test registry: %v\n%s", err, out)
		}
	})
	return r
}

func run(script string, args ...string) ([]byte, error) {
	// Installing the packages on a bare machine takes about 15 s; allow
	// for a slow mirror.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	return exec.CommandContext(ctx, script, args...).CombinedOutput()
}

// findScript walks up from the test's directory to the module root.
func findScript() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "testdata", "env", "registry.sh")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return "", fmt.Errorf("no testdata/env/registry.sh in module root %s", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no testdata/env/registry.sh above the test directory")
		}
		dir = parent
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("cannot find a free port on 127.0.0.1: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func randomHex(t testing.TB) string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func logTail(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "registry.log"))
	if err != nil || len(b) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return "registry.log:\n" + strings.Join(lines, "\n")
}

// TinyImage is a one-layer linux/amd64 image: the config JSON and the
// gzipped layer holding /hello.txt with content. It names no registry type,
// so the registry package's own tests can use it without an import cycle.
func TinyImage(content string) (config, layer []byte) {
	var tarBuf bytes.Buffer
	tw := tar.NewWriter(&tarBuf)
	_ = tw.WriteHeader(&tar.Header{Name: "hello.txt", Mode: 0o644, Size: int64(len(content)), ModTime: time.Unix(0, 0)})
	_, _ = tw.Write([]byte(content))
	_ = tw.Close()
	diffID := sha256.Sum256(tarBuf.Bytes())
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(tarBuf.Bytes())
	_ = zw.Close()
	config = []byte(fmt.Sprintf(`{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}`, hex.EncodeToString(diffID[:])))
	return config, gz.Bytes()
}
