package event

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRelease(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.git("remote", "add", "origin", "https://github.com/acme/widget")
	c1 := r.commit("one", map[string]string{"a": "1\n"})
	r.git("tag", "-a", "v0.9.0", "-m", "old release")
	c2 := r.commit("two", map[string]string{"a": "2\n"})
	r.git("tag", "-a", "v1.0.0", "-m", "release one")
	tests := []struct {
		name     string
		o        Options
		tag, sha string
		checks   map[string]any
	}{
		{name: "tag on HEAD", tag: "v1.0.0", sha: c2},
		{name: "tag from the event file", o: Options{Payload: map[string]any{
			"release": map[string]any{"tag_name": "v0.9.0", "name": "Old", "prerelease": true}}},
			tag: "v0.9.0", sha: c1, checks: map[string]any{"release.name": "Old", "release.prerelease": true}},
		{name: "tag from --ref", o: Options{Ref: "v0.9.0"}, tag: "v0.9.0", sha: c1},
		// A tag only the event file knows is released from HEAD.
		{name: "tag not in the repository", o: Options{Payload: map[string]any{
			"release": map[string]any{"tag_name": "v9"}}}, tag: "v9", sha: c2},
		{name: "event file action", o: Options{Payload: map[string]any{"action": "created"}},
			tag: "v1.0.0", sha: c2, checks: map[string]any{"action": "created"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Event = "release"
			ev := r.mustSynth(tt.o)
			got := []string{ev.Ref, ev.RefName, ev.RefType, ev.SHA}
			if diff := cmp.Diff([]string{"refs/tags/" + tt.tag, tt.tag, "tag", tt.sha}, got); diff != "" {
				t.Errorf("event facts (-want +got):\n%s", diff)
			}
			checks := map[string]any{
				"action": "published", "release.tag_name": tt.tag, "release.name": tt.tag,
				"release.draft": false, "release.prerelease": false, "release.target_commitish": "main",
				"release.html_url":     "https://github.com/acme/widget/releases/tag/" + tt.tag,
				"release.author.login": "Test User", "repository.full_name": "acme/widget",
			}
			for k, v := range tt.checks {
				checks[k] = v
			}
			for path, want := range checks {
				if got := get(ev.Payload, path); !cmp.Equal(want, got) {
					t.Errorf("payload.%s = %#v, want %#v", path, got, want)
				}
			}
			if ev.Action != checks["action"] {
				t.Errorf("Action = %q, want %q", ev.Action, checks["action"])
			}
		})
	}
}

func TestReleaseWithoutTag(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.commit("one", nil)
	_, err := r.synth(Options{Event: "release"})
	want := "release events need release.tag_name in the event file (-e) or a tag on HEAD"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}
