package event

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pushRepo has main with three commits (the last one adds, modifies and
// removes files) and an origin on github.com.
func pushRepo(t *testing.T) (r *testRepo, c1, c2, c3 string) {
	r = newRepo(t)
	r.git("remote", "add", "origin", "https://github.com/acme/widget.git")
	c1 = r.commit("initial", map[string]string{"README.md": "hi\n", "old.txt": "x\n"})
	c2 = r.commit("docs", map[string]string{"docs/guide.md": "guide\n"})
	c3 = r.commit("change things\n\nWith a body.", map[string]string{
		"README.md": "hello\n", "src/main.go": "package main\n", "old.txt": ""})
	return r, c1, c2, c3
}

func TestPushBranch(t *testing.T) {
	r, _, c2, c3 := pushRepo(t)
	ev := r.mustSynth(Options{})
	tree := r.git("rev-parse", "HEAD^{tree}")

	got := []any{ev.Name, ev.Action, ev.Ref, ev.RefName, ev.RefType, ev.SHA, ev.BaseRef, ev.HeadRef, ev.Repository, ev.Owner, ev.Actor}
	want := []any{"push", "", "refs/heads/main", "main", "branch", c3, "", "", "acme/widget", "acme", "Test User"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event facts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"README.md", "old.txt", "src/main.go"}, ev.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	p := ev.Payload
	head := map[string]any{
		"id": c3, "tree_id": tree, "distinct": true, "message": "change things\n\nWith a body.",
		"timestamp": "2024-01-02T03:07:00+01:00",
		"url":       "https://github.com/acme/widget/commit/" + c3,
		"author":    map[string]any{"name": "Test User", "email": "test@example.com"},
		"committer": map[string]any{"name": "Test User", "email": "test@example.com"},
		"added":     []any{"src/main.go"}, "removed": []any{"old.txt"}, "modified": []any{"README.md"},
	}
	wantTop := map[string]any{
		"ref": "refs/heads/main", "before": c2, "after": c3,
		"created": false, "deleted": false, "forced": false, "base_ref": nil,
		"compare":     "https://github.com/acme/widget/compare/" + c2[:12] + "..." + c3[:12],
		"head_commit": head, "commits": []any{head},
		"pusher": map[string]any{"name": "Test User", "email": "test@example.com"},
	}
	for k, want := range wantTop {
		if diff := cmp.Diff(want, p[k]); diff != "" {
			t.Errorf("payload.%s (-want +got):\n%s", k, diff)
		}
	}
	checks := map[string]any{
		"repository.full_name": "acme/widget", "repository.name": "widget",
		"repository.owner.login": "acme", "repository.owner.name": "acme",
		"repository.default_branch": "main", "repository.master_branch": "main",
		"repository.html_url":  "https://github.com/acme/widget",
		"repository.url":       "https://api.github.com/repos/acme/widget",
		"repository.clone_url": "https://github.com/acme/widget.git",
		"repository.ssh_url":   "git@github.com:acme/widget.git",
		"repository.git_url":   "git://github.com/acme/widget.git",
		"repository.pushed_at": float64(1717243200), "repository.private": false,
		"repository.visibility": "public", "sender.login": "Test User", "sender.type": "User",
	}
	for path, want := range checks {
		if got := get(p, path); !cmp.Equal(want, got) {
			t.Errorf("payload.%s = %#v, want %#v", path, got, want)
		}
	}
	if id, ok := get(p, "repository.id").(float64); !ok || id <= 0 {
		t.Errorf("repository.id = %#v, want a positive number", get(p, "repository.id"))
	}
}

func TestPushRootCommit(t *testing.T) {
	r := newRepo(t)
	c1 := r.commit("initial", map[string]string{"a.txt": "a\n", "b/c.txt": "c\n"})
	ev := r.mustSynth(Options{})
	if diff := cmp.Diff([]string{"a.txt", "b/c.txt"}, ev.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	for path, want := range map[string]any{
		"before": zeroSHA, "after": c1, "created": true,
		"compare": "https://github.com/local/widget/compare/main", "repository.full_name": "local/widget",
	} {
		if got := get(ev.Payload, path); got != want {
			t.Errorf("payload.%s = %#v, want %#v", path, got, want)
		}
	}
}

func TestPushTag(t *testing.T) {
	r, _, c2, c3 := pushRepo(t)
	r.git("tag", "v1.0.0", c2)
	r.git("tag", "-a", "v2.0.0", "-m", "release two")
	tagObject := r.git("rev-parse", "v2.0.0")
	tests := []struct {
		ref, wantRef, wantSHA, wantAfter string
		wantBaseRef                      any
	}{
		{"v1.0.0", "refs/tags/v1.0.0", c2, c2, nil},
		{"refs/tags/v1.0.0", "refs/tags/v1.0.0", c2, c2, nil},
		// An annotated tag: after is the tag object, github.sha the commit.
		{"v2.0.0", "refs/tags/v2.0.0", c3, tagObject, "refs/heads/main"},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			ev := r.mustSynth(Options{Ref: tt.ref})
			name := strings.TrimPrefix(tt.wantRef, "refs/tags/")
			if got, want := []string{ev.Ref, ev.RefName, ev.RefType, ev.SHA}, []string{tt.wantRef, name, "tag", tt.wantSHA}; !cmp.Equal(got, want) {
				t.Errorf("ref facts = %q, want %q", got, want)
			}
			for path, want := range map[string]any{
				"ref": tt.wantRef, "before": zeroSHA, "after": tt.wantAfter, "created": true,
				"base_ref": tt.wantBaseRef, "head_commit.id": tt.wantSHA,
				"compare": "https://github.com/acme/widget/compare/" + name,
			} {
				if got := get(ev.Payload, path); got != want {
					t.Errorf("payload.%s = %#v, want %#v", path, got, want)
				}
			}
			if commits := ev.Payload["commits"].([]any); len(commits) != 0 {
				t.Errorf("commits = %v, want none for a new tag", commits)
			}
		})
	}
}

// An event file's "before" turns the push into one of several commits.
func TestPushBeforeFromPayload(t *testing.T) {
	r, c1, c2, c3 := pushRepo(t)
	ev := r.mustSynth(Options{Payload: map[string]any{"before": c1}})
	var ids []string
	for _, c := range ev.Payload["commits"].([]any) {
		ids = append(ids, c.(map[string]any)["id"].(string))
	}
	if diff := cmp.Diff([]string{c2, c3}, ids); diff != "" {
		t.Errorf("commits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"README.md", "docs/guide.md", "old.txt", "src/main.go"}, ev.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	// A "before" this repository does not have keeps the one-commit view.
	ev = r.mustSynth(Options{Payload: map[string]any{"before": strings.Repeat("ab", 20)}})
	if n := len(ev.Payload["commits"].([]any)); n != 1 || len(ev.Files) != 3 {
		t.Errorf("unknown before: %d commits, files %v; want 1 commit, 3 files", n, ev.Files)
	}
	if got := ev.Payload["before"]; got != strings.Repeat("ab", 20) {
		t.Errorf("payload.before = %v, want the event file's", got)
	}
}

// GitHub lists at most 20 commits, the newest ones.
func TestPushCommitLimit(t *testing.T) {
	r := newRepo(t)
	first := r.commit("c0", nil)
	var last string
	for i := 1; i <= 25; i++ {
		last = r.commit("c"+strings.Repeat("i", i), map[string]string{"f.txt": strings.Repeat("x", i)})
	}
	ev := r.mustSynth(Options{Payload: map[string]any{"before": first}})
	commits := ev.Payload["commits"].([]any)
	if len(commits) != 20 || commits[19].(map[string]any)["id"] != last {
		t.Errorf("got %d commits ending in %v, want 20 ending in %s", len(commits), commits[len(commits)-1].(map[string]any)["id"], last)
	}
}

// A merge commit's push lists the merged commits too; its files are
// those that changed against the first parent, as git diff before after.
func TestPushMergeCommit(t *testing.T) {
	r := newRepo(t)
	r.commit("base", map[string]string{"a.txt": "a\n"})
	r.git("checkout", "-q", "-b", "topic")
	side := r.commit("side", map[string]string{"b.txt": "b\n"})
	r.git("checkout", "-q", "main")
	mainWork := r.commit("main work", map[string]string{"c.txt": "c\n"})
	r.tick++
	r.git("merge", "-q", "--no-ff", "-m", "merge topic", "topic")
	merge := r.git("rev-parse", "HEAD")
	ev := r.mustSynth(Options{})
	if diff := cmp.Diff([]string{"b.txt"}, ev.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	var ids []string
	for _, c := range ev.Payload["commits"].([]any) {
		ids = append(ids, c.(map[string]any)["id"].(string))
	}
	if diff := cmp.Diff([]string{side, merge}, ids); diff != "" {
		t.Errorf("commits (-want +got):\n%s", diff)
	}
	if got := get(ev.Payload, "before"); got != mainWork {
		t.Errorf("before = %v, want the first parent %s", got, mainWork)
	}
	if diff := cmp.Diff([]any{"b.txt"}, get(ev.Payload, "head_commit.added")); diff != "" {
		t.Errorf("head_commit.added (-want +got):\n%s", diff)
	}
}
