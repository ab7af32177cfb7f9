package runner

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
)

// unixProxy forwards a loopback TCP port to the local engine's socket, so
// the engine looks remote (DOCKER_HOST=tcp://…) and gantry must copy the
// workspace instead of bind-mounting it.
func unixProxy(t *testing.T, socket string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				u, err := net.Dial("unix", socket)
				if err != nil {
					return
				}
				defer u.Close()
				go func() { _, _ = io.Copy(u, c) }()
				_, _ = io.Copy(c, u)
			}()
		}
	}()
	return "tcp://" + ln.Addr().String()
}

func TestDockerRemoteEngineCopiesTheWorkspace(t *testing.T) {
	t.Setenv("DOCKER_HOST", unixProxy(t, "/var/run/docker.sock"))
	if e := dockerEngine(t); !e.Remote() {
		t.Fatalf("engine at %s is not seen as remote", e.Host())
	}
	res, rec := runDocker(context.Background(), t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: w
        run: |
          echo "made in the job" > built.txt
          echo "out=from-remote" >> "$GITHUB_OUTPUT"
          echo "REMOTE_ENV=yes" >> "$GITHUB_ENV"
      - run: |
          cat built.txt
          echo "out=${{ steps.w.outputs.out }} env=$REMOTE_ENV files=${{ hashFiles('built.txt') != '' }}"
`)
	wantStatuses(t, res, map[string]Status{"a": StatusSuccess}, rec.log())
	for _, s := range []string{"made in the job", "out=from-remote env=yes files=true"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}
