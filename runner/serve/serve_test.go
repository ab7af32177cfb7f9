package serve

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gantry-ci/gantry/executor/host"
	"github.com/gantry-ci/gantry/runner/serve/queue"
	"github.com/gantry-ci/gantry/runner/serve/webhook"
)

const secret = "webhook-secret"

// deliver posts a signed push delivery for octo/app at sha.
func deliver(t testing.TB, url, sha string) (int, int64) {
	t.Helper()
	body := fmt.Sprintf(`{"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":%q,`+
		`"repository":{"full_name":"octo/app"},"pusher":{"name":"mona"}}`, sha)
	req, _ := http.NewRequest(http.MethodPost, url+"/webhook", strings.NewReader(body))
	req.Header.Set("X-GitHub-Event", "push")
	req.Header.Set("X-GitHub-Delivery", fmt.Sprint(time.Now().UnixNano()))
	req.Header.Set("X-Hub-Signature-256", webhook.Sign([]byte(secret), []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var reply struct {
		RunID int64 `json:"run_id"`
	}
	_ = jsonDecode(resp.Body, &reply)
	return resp.StatusCode, reply.RunID
}

func logOf(t testing.TB, url string, id int64) string {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("%s/api/runs/%d/log", url, id))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestPushToBareRepositoryRuns(t *testing.T) {
	bare, clone := bareRepo(t, echoWorkflow)
	d := startDaemon(t, Config{DataDir: t.TempDir(), PollInterval: 50 * time.Millisecond,
		Repositories: []Repository{{Name: "octo/app", Path: bare, Watch: true}}})
	run(t, clone, "git", "push", "--quiet", "origin", "main")
	sha := run(t, clone, "git", "rev-parse", "HEAD")

	r := waitRun(t, d.URL, 1)
	if r.Status != queue.Success || r.Event != "push" || r.Ref != "refs/heads/main" || r.SHA != sha || r.Source != "poll" {
		t.Fatalf("run = %+v; want a successful push of main at %s from the poller", r, sha)
	}
	if log := logOf(t, d.URL, 1); !strings.Contains(log, `"line":"hello from gantry serve"`) {
		t.Errorf("the log has no echo line:\n%s", log)
	}
	var detail struct {
		Jobs []struct {
			Name   string
			Status string
			Steps  []struct{ Name, Status string }
		}
	}
	getJSON(t, d.URL+"/api/runs/1", &detail)
	if len(detail.Jobs) != 1 || detail.Jobs[0].Status != "success" || len(detail.Jobs[0].Steps) == 0 {
		t.Errorf("jobs = %+v; want one successful job with steps", detail.Jobs)
	}
}

func TestWebhookRunsLocalRepository(t *testing.T) {
	bare, clone := bareRepo(t, echoWorkflow)
	run(t, clone, "git", "push", "--quiet", "origin", "main")
	sha := run(t, clone, "git", "rev-parse", "HEAD")
	d := startDaemon(t, Config{DataDir: t.TempDir(), WebhookSecret: secret,
		Repositories: []Repository{{Name: "octo/app", Path: bare}}})
	tests := []struct {
		name     string
		sha      string
		wantCode int
		want     queue.Status
	}{
		{"known commit", sha, http.StatusAccepted, queue.Success},
		{"unknown commit", strings.Repeat("ab", 20), http.StatusAccepted, queue.Errored},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, id := deliver(t, d.URL, tc.sha)
			if code != tc.wantCode {
				t.Fatalf("status %d; want %d", code, tc.wantCode)
			}
			if r := waitRun(t, d.URL, id); r.Status != tc.want {
				t.Errorf("run = %+v; want %s", r, tc.want)
			}
		})
	}
}

func TestRestartKeepsQueuedRuns(t *testing.T) {
	bare, clone := bareRepo(t, echoWorkflow)
	run(t, clone, "git", "push", "--quiet", "origin", "main")
	sha := run(t, clone, "git", "rev-parse", "HEAD")
	data := t.TempDir()
	cfg := Config{DataDir: data, Capacity: 1, WebhookSecret: secret, ShutdownTimeout: 100 * time.Millisecond,
		Repositories: []Repository{{Name: "octo/app", Path: bare, Vars: map[string]string{"SLEEP": "30"}}}}
	d := startDaemon(t, cfg)
	for range 3 {
		if code, _ := deliver(t, d.URL, sha); code != http.StatusAccepted {
			t.Fatalf("delivery: %d", code)
		}
	}
	waitStatus(t, d.Store(), 1, queue.Running)
	d.stop(t) // run 1 is cut off by the shutdown timeout

	cfg.Repositories[0].Vars = nil // the new daemon's runs do not sleep
	d = startDaemon(t, cfg)
	want := map[int64]queue.Status{1: queue.Interrupted, 2: queue.Success, 3: queue.Success}
	for id, st := range want {
		if r := waitRun(t, d.URL, id); r.Status != st {
			t.Errorf("run %d = %s (%s); want %s", id, r.Status, r.Error, st)
		}
	}
}

// TestCrashMarksInterrupted is a process that died without shutting
// down: its running run is still "running" in the store.
func TestCrashMarksInterrupted(t *testing.T) {
	bare, clone := bareRepo(t, echoWorkflow)
	run(t, clone, "git", "push", "--quiet", "origin", "main")
	data := t.TempDir()
	st, err := queue.Open(filepath.Join(data, "runs.db"))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := st.Enqueue(queue.Run{Event: "push", Repository: "octo/app", Ref: "refs/heads/main", Source: "webhook"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if r, err := st.Claim(); err != nil || r.ID != 1 {
		t.Fatalf("claim: %v %v", r, err)
	}
	st.Close()
	d := startDaemon(t, Config{DataDir: data, Repositories: []Repository{{Name: "octo/app", Path: bare}}})
	if r := waitRun(t, d.URL, 1); r.Status != queue.Interrupted {
		t.Errorf("run 1 = %s; want interrupted", r.Status)
	}
	if r := waitRun(t, d.URL, 2); r.Status != queue.Success {
		t.Errorf("run 2 = %s (%s); want success", r.Status, r.Error)
	}
}

// TestShutdownAnswers503: a daemon that is not taking work (shutting
// down, or not yet serving) turns deliveries away for GitHub to redeliver.
func TestShutdownAnswers503(t *testing.T) {
	s, err := New(Config{DataDir: t.TempDir(), WebhookSecret: secret}, &host.Backend{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.store.Close()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	if code, _ := deliver(t, srv.URL, strings.Repeat("ab", 20)); code != http.StatusServiceUnavailable {
		t.Errorf("status %d; want 503", code)
	}
	if counts, _ := s.store.Count(); len(counts) != 0 {
		t.Errorf("runs queued: %v", counts)
	}
}

func waitStatus(t testing.TB, st *queue.Store, id int64, want queue.Status) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if r, err := st.Get(id); err == nil && r.Status == want {
			return
		}
	}
	t.Fatalf("run %d never became %s", id, want)
}
