package serve

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/gantry-ci/gantry/runner/serve/queue"
)

func TestTokenProtectsAPIAndPage(t *testing.T) {
	d := startDaemon(t, Config{DataDir: t.TempDir(), Token: "t0k", WebhookSecret: secret})
	tests := []struct {
		path, auth string
		want       int
	}{
		{"/api/runs", "", http.StatusUnauthorized},
		{"/api/runs", "Bearer nope", http.StatusUnauthorized},
		{"/api/runs", "Bearer t0k", http.StatusOK},
		{"/api/runs?token=t0k", "", http.StatusOK},
		{"/?token=t0k", "", http.StatusOK},
		{"/", "", http.StatusUnauthorized},
		{"/api/runs/99?token=t0k", "", http.StatusNotFound},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest(http.MethodGet, d.URL+tc.path, nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET %s (%q) = %d; want %d", tc.path, tc.auth, resp.StatusCode, tc.want)
		}
	}
	// The webhook keeps its own HMAC and needs no token.
	if code, _ := deliver(t, d.URL, strings.Repeat("ab", 20)); code != http.StatusUnprocessableEntity {
		t.Errorf("webhook for an unconfigured repository = %d; want 422", code)
	}
}

func TestLocalTriggerAPI(t *testing.T) {
	bare, clone := bareRepo(t, echoWorkflow)
	run(t, clone, "git", "push", "--quiet", "origin", "main")
	sha := run(t, clone, "git", "rev-parse", "HEAD")
	d := startDaemon(t, Config{DataDir: t.TempDir(), Repositories: []Repository{{Path: bare}}})
	tests := []struct {
		repo string
		want int
	}{{bare, http.StatusAccepted}, {"/nowhere.git", http.StatusNotFound}}
	for _, tc := range tests {
		body, _ := json.Marshal(map[string]string{"repository": tc.repo, "ref": "refs/heads/main",
			"before": strings.Repeat("0", 40), "after": sha})
		resp, err := http.Post(d.URL+"/api/trigger", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var reply struct {
			RunID int64 `json:"run_id"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&reply)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Fatalf("trigger %s = %d; want %d", tc.repo, resp.StatusCode, tc.want)
		}
		if tc.want == http.StatusAccepted {
			if r := waitRun(t, d.URL, reply.RunID); r.Status != queue.Success || r.Repository != "local/app" {
				t.Errorf("run = %+v", r)
			}
		}
	}
}

func TestFollowLogStreamsUntilTheRunEnds(t *testing.T) {
	bare, clone := bareRepo(t, echoWorkflow)
	run(t, clone, "git", "push", "--quiet", "origin", "main")
	sha := run(t, clone, "git", "rev-parse", "HEAD")
	d := startDaemon(t, Config{DataDir: t.TempDir(), WebhookSecret: secret,
		Repositories: []Repository{{Name: "octo/app", Path: bare, Vars: map[string]string{"SLEEP": "1"}}}})
	_, id := deliver(t, d.URL, sha)
	waitStatus(t, d.Store(), id, queue.Running)
	resp, err := http.Get(d.URL + "/api/runs/1/log?follow=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	// The stream ends only when the run has: its last line is run.end.
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, `"type":"run.end"`) || !strings.Contains(buf.String(), "hello from gantry serve") {
		t.Errorf("followed log ends with %s", last)
	}
}
