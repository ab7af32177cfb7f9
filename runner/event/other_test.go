package event

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestWorkflowDispatch(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	c1 := r.commit("one", nil)
	r.git("tag", "v1")
	ev := r.mustSynth(Options{Event: "workflow_dispatch", Ref: "v1",
		Inputs: map[string]string{"env": "prod", "dry": "true"}})
	if ev.Ref != "refs/tags/v1" || ev.RefType != "tag" || ev.SHA != c1 || ev.Action != "" {
		t.Errorf("got %s %s %s action %q", ev.Ref, ev.RefType, ev.SHA, ev.Action)
	}
	want := map[string]any{"env": "prod", "dry": "true"}
	if diff := cmp.Diff(want, ev.Payload["inputs"]); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if ev.Payload["ref"] != "refs/tags/v1" || ev.Payload["workflow"] != "" {
		t.Errorf("ref %v workflow %v", ev.Payload["ref"], ev.Payload["workflow"])
	}
	// No inputs: GitHub sends null.
	ev = r.mustSynth(Options{Event: "workflow_dispatch"})
	if v, ok := ev.Payload["inputs"]; !ok || v != nil || ev.Ref != "refs/heads/main" {
		t.Errorf("inputs = %#v (present %v), ref %s; want null, refs/heads/main", v, ok, ev.Ref)
	}
}

func TestMinimalEvents(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	c1 := r.commit("one", nil)
	tests := []struct {
		event string
		keys  []string
	}{
		{"schedule", []string{"repository", "schedule", "sender"}},
		{"issues", []string{"repository", "sender"}},
		{"repository_dispatch", []string{"repository", "sender"}},
	}
	for _, tt := range tests {
		ev := r.mustSynth(Options{Event: tt.event})
		var keys []string
		for k := range ev.Payload {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if diff := cmp.Diff(tt.keys, keys); diff != "" || ev.Name != tt.event || ev.Ref != "refs/heads/main" || ev.SHA != c1 {
			t.Errorf("%s: keys (-want +got):\n%s; name %s ref %s sha %s", tt.event, diff, ev.Name, ev.Ref, ev.SHA)
		}
	}
}

func TestActorAndServer(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.commit("one", nil)
	tests := []struct {
		name           string
		o              Options
		unsetUser      bool
		actor, htmlURL string
		apiURL         string
	}{
		{name: "git user", actor: "Test User", htmlURL: "https://github.com/local/widget", apiURL: "https://api.github.com/repos/local/widget"},
		{name: "given actor", o: Options{Actor: "octocat"}, actor: "octocat", htmlURL: "https://github.com/local/widget", apiURL: "https://api.github.com/repos/local/widget"},
		{name: "enterprise server", o: Options{ServerURL: "https://ghe.example.com/", Repository: "team/app"}, actor: "Test User",
			htmlURL: "https://ghe.example.com/team/app", apiURL: "https://ghe.example.com/api/v3/repos/team/app"},
	}
	for _, tt := range tests {
		ev := r.mustSynth(tt.o)
		got := []any{ev.Actor, get(ev.Payload, "sender.login"), get(ev.Payload, "repository.html_url"), get(ev.Payload, "repository.url")}
		if diff := cmp.Diff([]any{tt.actor, tt.actor, tt.htmlURL, tt.apiURL}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	// Without user.name the actor is "gantry"; the pusher's email is null.
	r.git("config", "--unset", "user.name")
	r.git("config", "--unset", "user.email")
	ev := r.mustSynth(Options{})
	if ev.Actor != "gantry" || get(ev.Payload, "pusher.email") != nil {
		t.Errorf("actor %q, pusher %v; want gantry, null email", ev.Actor, ev.Payload["pusher"])
	}
}

// Timestamps come from Options.Now; commit timestamps from git.
func TestClock(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.commit("one", nil)
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.FixedZone("", -5*3600))
	ev := r.mustSynth(Options{Now: func() time.Time { return at }})
	if got := get(ev.Payload, "repository.created_at"); got != float64(at.Unix()) {
		t.Errorf("push created_at = %v, want %d", got, at.Unix())
	}
	ev = r.mustSynth(Options{Event: "workflow_dispatch", Now: func() time.Time { return at }})
	if got := get(ev.Payload, "repository.pushed_at"); got != "2030-01-01T05:00:00Z" {
		t.Errorf("dispatch pushed_at = %v, want ISO 8601 UTC", got)
	}
	if ts := get(r.mustSynth(Options{}).Payload, "head_commit.timestamp").(string); !strings.HasSuffix(ts, "+01:00") {
		t.Errorf("head_commit.timestamp = %s, want the commit's own offset", ts)
	}
}
