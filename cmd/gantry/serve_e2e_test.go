package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeOnDockerAndSIGTERM runs the real binary as a daemon watching a
// bare repository: a push runs its workflow on the Docker engine (checkout
// included), the run is in the API, and SIGTERM ends the daemon cleanly.
func TestServeOnDockerAndSIGTERM(t *testing.T) {
	bin := buildGantry(t)
	root := t.TempDir()
	bare := filepath.Join(root, "app.git")
	gitIn(t, root, "init", "-q", "--bare", "-b", "main", bare)
	clone := gitRepo(t, "on: push\njobs:\n  hello:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo \"served $(ls .github/workflows) on $(cat /etc/debian_version)\"\n")
	gitIn(t, clone, "remote", "set-url", "origin", bare)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--listen", addr, "--data", t.TempDir(), "--repo", bare, "--poll-interval", "100ms", "--pull", "never")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	url := "http://" + addr
	waitFor(t, 20*time.Second, func() bool { _, err := http.Get(url + "/api/runs"); return err == nil }, "the daemon to listen", &out)
	time.Sleep(300 * time.Millisecond) // the poller records the refs it starts from
	gitIn(t, clone, "push", "-q", "origin", "main")

	type run struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	var runs []run
	waitFor(t, 60*time.Second, func() bool {
		var list struct{ Runs []run }
		resp, err := http.Get(url + "/api/runs")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		_ = json.NewDecoder(resp.Body).Decode(&list)
		runs = list.Runs
		return len(runs) == 1 && runs[0].Status != "queued" && runs[0].Status != "running"
	}, "the run to finish", &out)
	if runs[0].Status != "success" {
		t.Fatalf("run = %+v\n%s", runs[0], out.String())
	}
	resp, err := http.Get(fmt.Sprintf("%s/api/runs/%d/log", url, runs[0].ID))
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	_, _ = log.ReadFrom(resp.Body)
	resp.Body.Close()
	if !strings.Contains(log.String(), "served ci.yml on 12.") {
		t.Errorf("the run's log lacks the step's line:\n%s", log.String())
	}
	if ps, err := exec.Command("docker", "ps", "-aq", "--filter", fmt.Sprintf("label=gantry.run=%d", runs[0].ID)).Output(); err != nil || len(bytes.TrimSpace(ps)) != 0 {
		t.Errorf("containers left by the run: %q (%v)", ps, err)
	}
	start := time.Now()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v\n%s", err, out.String())
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("SIGTERM took %v", took)
	}
}

func waitFor(t *testing.T, d time.Duration, ok func() bool, what string, out *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s\n%s", what, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
