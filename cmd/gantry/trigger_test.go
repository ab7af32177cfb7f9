package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestTriggerPostsEachUpdatedRef(t *testing.T) {
	var mu sync.Mutex
	var got []map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/trigger" || r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, `{"error":"no"}`, http.StatusUnauthorized)
			return
		}
		var p map[string]string
		_ = json.NewDecoder(r.Body).Decode(&p)
		mu.Lock()
		got = append(got, p)
		n := len(got)
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
		_ = json.NewEncoder(w).Encode(map[string]any{"status": "queued", "run_id": n})
	}))
	defer srv.Close()
	a, b := strings.Repeat("a", 40), strings.Repeat("b", 40)
	stdin := a + " " + b + " refs/heads/main\n" +
		b + " " + strings.Repeat("0", 40) + " refs/heads/gone\n" + // a deletion runs nothing
		strings.Repeat("0", 40) + " " + a + " refs/tags/v1\n"
	tests := []struct {
		token    string
		wantCode int
		wantRuns int
	}{{"tok", ExitOK, 2}, {"wrong", ExitFailure, 0}}
	for _, tc := range tests {
		got = nil
		var stdout, stderr bytes.Buffer
		code := (&Command{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr}).Main(
			[]string{"trigger", "--server", srv.URL, "--token", tc.token, "--repo", "/srv/git/app.git"})
		if code != tc.wantCode || len(got) != tc.wantRuns {
			t.Errorf("token %s: exit %d, %d posts; want %d, %d\n%s", tc.token, code, len(got), tc.wantCode, tc.wantRuns, stderr.String())
		}
		if tc.wantRuns > 0 && (got[0]["ref"] != "refs/heads/main" || got[0]["after"] != b || got[0]["repository"] != "/srv/git/app.git") {
			t.Errorf("first post = %v", got[0])
		}
	}
}
