package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const pushBody = `{"ref":"refs/heads/main","before":"1111111111111111111111111111111111111111",` +
	`"after":"2222222222222222222222222222222222222222","repository":{"full_name":"octo/app"}}`

func TestSignature(t *testing.T) {
	secret := []byte("s3cret")
	tests := []struct {
		name      string
		event     string
		signature string
		accepting bool
		wantCode  int
		wantRuns  int
	}{
		{"good", "push", Sign(secret, []byte(pushBody)), true, http.StatusAccepted, 1},
		{"missing", "push", "", true, http.StatusUnauthorized, 0},
		{"wrong secret", "push", Sign([]byte("other"), []byte(pushBody)), true, http.StatusUnauthorized, 0},
		{"not hex", "push", "sha256=zz", true, http.StatusUnauthorized, 0},
		{"sha1 form", "push", "sha1=" + strings.TrimPrefix(Sign(secret, []byte(pushBody)), "sha256="), true, http.StatusUnauthorized, 0},
		{"other body", "push", Sign(secret, []byte(pushBody+" ")), true, http.StatusUnauthorized, 0},
		{"ping", "ping", Sign(secret, []byte(pushBody)), true, http.StatusOK, 0},
		{"ignored event", "issues", Sign(secret, []byte(pushBody)), true, http.StatusOK, 0},
		{"shutting down", "push", Sign(secret, []byte(pushBody)), false, http.StatusServiceUnavailable, 0},
		{"shutting down unsigned", "push", "", false, http.StatusUnauthorized, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []Trigger
			h := &Handler{Secret: secret, Accepting: func() bool { return tc.accepting },
				Enqueue: func(_ context.Context, tr Trigger, _ string) (int64, error) {
					mu.Lock()
					defer mu.Unlock()
					got = append(got, tr)
					return int64(len(got)), nil
				}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(pushBody))
			req.Header.Set("X-GitHub-Event", tc.event)
			if tc.signature != "" {
				req.Header.Set("X-Hub-Signature-256", tc.signature)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantCode || len(got) != tc.wantRuns {
				t.Errorf("status %d, %d runs; want %d, %d", resp.StatusCode, len(got), tc.wantCode, tc.wantRuns)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		event, body      string
		wantRef, wantSHA string
		wantErr, ignored bool
	}{
		{"push", pushBody, "refs/heads/main", "2222222222222222222222222222222222222222", false, false},
		{"push", `{"ref":"refs/heads/x","after":"0000000000000000000000000000000000000000","deleted":true,"repository":{"full_name":"o/a"}}`, "", "", true, true},
		{"pull_request", `{"action":"opened","number":3,"pull_request":{"head":{"ref":"feature","sha":"abc"},"base":{"ref":"main"}},"repository":{"full_name":"o/a"}}`, "feature", "abc", false, false},
		{"release", `{"action":"published","release":{"tag_name":"v1.0"},"repository":{"full_name":"o/a"}}`, "refs/tags/v1.0", "", false, false},
		{"workflow_dispatch", `{"ref":"refs/heads/main","inputs":{"n":3},"repository":{"full_name":"o/a"}}`, "refs/heads/main", "", false, false},
		{"push", `{"ref":"refs/heads/main"}`, "", "", true, false},
		{"push", `not json`, "", "", true, false},
	}
	for _, tc := range tests {
		got, err := Parse(tc.event, []byte(tc.body))
		if (err != nil) != tc.wantErr || (tc.ignored && err != ErrIgnored) {
			t.Errorf("%s %s: err = %v", tc.event, tc.body, err)
			continue
		}
		if got.Ref != tc.wantRef || got.SHA != tc.wantSHA {
			t.Errorf("%s: ref %q sha %q; want %q %q", tc.event, got.Ref, got.SHA, tc.wantRef, tc.wantSHA)
		}
	}
}
