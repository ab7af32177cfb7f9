package docker

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNewLocalEngine(t *testing.T) {
	e := testEngine(t)
	if e.Remote() {
		t.Errorf("Remote() = true for %s", e.Host())
	}
	if !strings.HasPrefix(e.Host(), "unix://") {
		t.Errorf("Host() = %q", e.Host())
	}
	// The version was negotiated down to the engine's, not the client's.
	v, err := e.api.ServerVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if e.APIVersion() != v.APIVersion {
		t.Errorf("negotiated API %s, engine speaks %s", e.APIVersion(), v.APIVersion)
	}
}

// With no engine the error is one line naming the host and the real cause.
func TestNewNoEngine(t *testing.T) {
	refused := listenAndClose(t)
	for host, cause := range map[string]string{
		"unix://" + filepath.Join(t.TempDir(), "docker.sock"): "no such file or directory",
		"tcp://" + refused: "connection refused",
	} {
		t.Setenv("DOCKER_HOST", host)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := New(ctx)
		cancel()
		if err == nil {
			t.Fatalf("New with DOCKER_HOST=%s: want an error", host)
		}
		msg := err.Error()
		want := "no Docker engine at " + host + ": "
		if !strings.HasPrefix(msg, want) || !strings.Contains(msg, cause) ||
			!strings.HasSuffix(msg, "(start one, or set DOCKER_HOST)") || strings.Contains(msg, "\n") {
			t.Errorf("error = %q, want one line %q...%q...", msg, want, cause)
		}
	}
}

// listenAndClose returns a 127.0.0.1 address nothing listens on any more.
func listenAndClose(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func TestRemoteAndLocalSocket(t *testing.T) {
	for host, want := range map[string]string{
		"unix:///var/run/docker.sock": "/var/run/docker.sock",
		"unix:///tmp/d.sock":          "/tmp/d.sock",
		"tcp://127.0.0.1:2375":        "",
		"tcp://build.example:2376":    "",
		"ssh://me@host":               "",
		"npipe:////./pipe/docker":     "",
	} {
		if got := localSocket(host); got != want {
			t.Errorf("localSocket(%q) = %q, want %q", host, got, want)
		}
		if remote := (&Engine{host: host}).Remote(); remote != (want == "") {
			t.Errorf("Remote(%q) = %v", host, remote)
		}
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"a":                "a",
		"a.\n* hint\n":     "a.; * hint",
		"  x\r\n\r\n  y  ": "x; y",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
