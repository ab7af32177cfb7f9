package event

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// prRepo: main (m1, m2) and feature forked at m1 with two commits; an
// ssh origin. The PR's files are feature's changes since the fork only.
func prRepo(t *testing.T) (r *testRepo, m2, f2 string) {
	r = newRepo(t)
	r.git("remote", "add", "origin", "git@github.com:acme/widget.git")
	m1 := r.commit("base", map[string]string{"a.txt": "a\n"})
	m2 = r.commit("main moves on", map[string]string{"main-only.txt": "m\n"})
	r.git("checkout", "-q", "-b", "feature", m1)
	r.commit("start feature", map[string]string{"f.txt": "f\n"})
	f2 = r.commit("Add the widget\n\nIt spins.", map[string]string{"a.txt": "changed\n"})
	return r, m2, f2
}

func TestPullRequestDefaults(t *testing.T) {
	t.Parallel()
	r, m2, f2 := prRepo(t)
	ev := r.mustSynth(Options{Event: "pull_request"})
	got := []string{ev.Name, ev.Action, ev.Ref, ev.RefName, ev.RefType, ev.SHA, ev.BaseRef, ev.HeadRef}
	want := []string{"pull_request", "opened", "refs/pull/1/merge", "1/merge", "branch", f2, "main", "feature"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event facts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a.txt", "f.txt"}, ev.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	for path, want := range map[string]any{
		"action": "opened", "number": 1.0, "pull_request.number": 1.0,
		"pull_request.state": "open", "pull_request.merged": false, "pull_request.draft": false,
		"pull_request.title": "Add the widget", "pull_request.body": "It spins.",
		"pull_request.html_url": "https://github.com/acme/widget/pull/1",
		"pull_request.head.ref": "feature", "pull_request.head.sha": f2, "pull_request.head.label": "acme:feature",
		"pull_request.base.ref": "main", "pull_request.base.sha": m2, "pull_request.base.label": "acme:main",
		"pull_request.base.repo.full_name": "acme/widget", "pull_request.changed_files": 2.0,
		"pull_request.user.login": "Test User", "repository.created_at": "2024-06-01T12:00:00Z",
		"sender.login": "Test User",
	} {
		if got := get(ev.Payload, path); !cmp.Equal(want, got) {
			t.Errorf("payload.%s = %#v, want %#v", path, got, want)
		}
	}
}

// The event file's number, action and base steer github.ref and friends.
func TestPullRequestPayloadOverride(t *testing.T) {
	t.Parallel()
	r, _, f2 := prRepo(t)
	r.git("branch", "release", "HEAD~1")
	ev := r.mustSynth(Options{Event: "pull_request", Payload: map[string]any{
		"action": "synchronize", "number": 42,
		"pull_request": map[string]any{"base": map[string]any{"ref": "release"}, "title": "Mine"},
	}})
	got := []string{ev.Action, ev.Ref, ev.RefName, ev.SHA, ev.BaseRef, ev.HeadRef}
	want := []string{"synchronize", "refs/pull/42/merge", "42/merge", f2, "release", "feature"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event facts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a.txt"}, ev.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	for path, want := range map[string]any{
		"number": 42.0, "pull_request.number": 42.0, "pull_request.title": "Mine",
		"pull_request.html_url": "https://github.com/acme/widget/pull/42", "pull_request.base.ref": "release",
	} {
		if got := get(ev.Payload, path); !cmp.Equal(want, got) {
			t.Errorf("payload.%s = %#v, want %#v", path, got, want)
		}
	}
}

func TestPullRequestTarget(t *testing.T) {
	t.Parallel()
	r, m2, f2 := prRepo(t)
	ev := r.mustSynth(Options{Event: "pull_request_target", Payload: map[string]any{"pull_request": map[string]any{"number": 7.0}}})
	got := []string{ev.Ref, ev.RefName, ev.RefType, ev.SHA, ev.BaseRef, ev.HeadRef}
	want := []string{"refs/heads/main", "main", "branch", m2, "main", "feature"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event facts (-want +got):\n%s", diff)
	}
	if get(ev.Payload, "pull_request.head.sha") != f2 || get(ev.Payload, "number") != 7.0 {
		t.Errorf("head.sha %v, number %v; want %s, 7", get(ev.Payload, "pull_request.head.sha"), get(ev.Payload, "number"), f2)
	}
}

func TestPullRequestErrors(t *testing.T) {
	t.Parallel()
	r, _, _ := prRepo(t)
	tests := []struct {
		event   string
		payload map[string]any
		want    string
	}{
		{"pull_request", map[string]any{"number": 0}, "pull request number 0 in the event file is not a positive whole number"},
		{"pull_request", map[string]any{"number": 1.5}, "not a positive whole number"},
		{"pull_request", map[string]any{"number": "x"}, "not a positive whole number"},
		{"pull_request_target", map[string]any{"pull_request": map[string]any{"base": map[string]any{"ref": "gone"}}},
			`pull_request_target runs on the base branch "gone", which is not in the repository`},
	}
	for _, tt := range tests {
		_, err := r.synth(Options{Event: tt.event, Payload: tt.payload})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %v: err = %v, want %q", tt.event, tt.payload, err, tt.want)
		}
	}
	// pull_request (not _target) only loses the file list without its base.
	ev, err := r.synth(Options{Event: "pull_request", Payload: map[string]any{"pull_request": map[string]any{"base": map[string]any{"ref": "gone"}}}})
	if err != nil || ev.Files != nil || ev.BaseRef != "gone" {
		t.Errorf("missing base: err %v, Files %v, BaseRef %q; want nil, nil, gone", err, ev.Files, ev.BaseRef)
	}
}

// With no base branch anywhere but HEAD's, the PR has no changes: an
// empty, non-nil file list (path filters then hold workflows back).
func TestPullRequestFromDefaultBranch(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.commit("only", map[string]string{"a": "a\n"})
	ev := r.mustSynth(Options{Event: "pull_request"})
	if ev.Files == nil || len(ev.Files) != 0 || ev.BaseRef != "main" || ev.HeadRef != "main" {
		t.Errorf("Files %#v, base %q, head %q; want empty, main, main", ev.Files, ev.BaseRef, ev.HeadRef)
	}
}
