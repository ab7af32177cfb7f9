package event

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMerge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		dst, src, want map[string]any
	}{
		{"objects merge key by key",
			map[string]any{"a": map[string]any{"x": 1.0, "y": 2.0}, "b": "keep"},
			map[string]any{"a": map[string]any{"y": 3.0, "z": 4.0}},
			map[string]any{"a": map[string]any{"x": 1.0, "y": 3.0, "z": 4.0}, "b": "keep"}},
		{"arrays are replaced, not merged",
			map[string]any{"l": []any{1.0, 2.0}},
			map[string]any{"l": []any{3.0}},
			map[string]any{"l": []any{3.0}}},
		{"null replaces",
			map[string]any{"o": map[string]any{"x": 1.0}},
			map[string]any{"o": nil},
			map[string]any{"o": nil}},
		{"object replaces a scalar",
			map[string]any{"o": "s"},
			map[string]any{"o": map[string]any{"x": 1.0}},
			map[string]any{"o": map[string]any{"x": 1.0}}},
	}
	for _, tt := range tests {
		merge(tt.dst, tt.src)
		if diff := cmp.Diff(tt.want, tt.dst); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// The event file wins field by field over what is synthesised, its values
// become JSON values, and the caller's maps are not shared.
func TestPayloadPrecedence(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.commit("one", nil)
	custom := map[string]any{"label": "x"}
	payload := map[string]any{
		"repository":  map[string]any{"name": "renamed", "topics": []string{"go"}, "stargazers_count": 5},
		"head_commit": map[string]any{"message": "from the file"},
		"forced":      true,
		"custom":      custom,
	}
	ev := r.mustSynth(Options{Payload: payload})
	for path, want := range map[string]any{
		"repository.name": "renamed", "repository.full_name": "local/widget",
		"repository.stargazers_count": 5.0, "head_commit.message": "from the file",
		"head_commit.author.name": "Test User", "forced": true, "custom.label": "x",
	} {
		if got := get(ev.Payload, path); !cmp.Equal(want, got) {
			t.Errorf("payload.%s = %#v, want %#v", path, got, want)
		}
	}
	if diff := cmp.Diff([]any{"go"}, get(ev.Payload, "repository.topics")); diff != "" {
		t.Errorf("topics (-want +got):\n%s", diff)
	}
	ev.Payload["custom"].(map[string]any)["label"] = "changed"
	if custom["label"] != "x" {
		t.Error("the event payload shares a map with Options.Payload")
	}
	if _, err := r.synth(Options{Payload: map[string]any{"bad": make(chan int)}}); err == nil {
		t.Error("a payload that is not JSON was accepted")
	}
}

// The event file's ref and repository.default_branch steer the synthesis.
func TestPayloadHints(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	c1 := r.commit("one", nil)
	r.git("tag", "v3")
	ev := r.mustSynth(Options{Payload: map[string]any{
		"ref": "refs/tags/v3", "repository": map[string]any{"default_branch": "develop"}}})
	if ev.Ref != "refs/tags/v3" || ev.RefType != "tag" || ev.SHA != c1 || get(ev.Payload, "repository.master_branch") != "develop" {
		t.Errorf("got %s %s %s, master_branch %v", ev.Ref, ev.RefType, ev.SHA, get(ev.Payload, "repository.master_branch"))
	}
	// --ref wins over the file's ref for github.ref; the payload keeps the file's.
	ev = r.mustSynth(Options{Ref: "main", Payload: map[string]any{"ref": "refs/tags/v3"}})
	if ev.Ref != "refs/heads/main" || ev.Payload["ref"] != "refs/tags/v3" {
		t.Errorf("got github.ref %s, payload ref %v", ev.Ref, ev.Payload["ref"])
	}
}
