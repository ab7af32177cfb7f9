package event

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRemote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url, want string
	}{
		{"https://github.com/acme/widget.git", "acme/widget"},
		{"https://github.com/acme/widget", "acme/widget"},
		{"https://github.com/acme/widget/", "acme/widget"},
		{"https://user:token@github.com/acme/widget.git", "acme/widget"},
		{"http://ghe.example.com:8080/acme/widget.git", "acme/widget"},
		{"git@github.com:acme/widget.git", "acme/widget"},
		{"git@github.com:acme/widget", "acme/widget"},
		{"github.com:acme/widget.git", "acme/widget"},
		{"ssh://git@github.com/acme/widget.git", "acme/widget"},
		{"ssh://git@github.com:22/acme/widget.git", "acme/widget"},
		{"git://github.com/acme/widget.git", "acme/widget"},
		{"https://gitlab.com/group/subgroup/widget.git", "subgroup/widget"},
		{"  https://github.com/acme/widget.git\n", "acme/widget"},
		{"/srv/git/widget.git", ""},
		{"../widget", ""},
		{"file:///srv/git/acme/widget.git", ""},
		{"C:/repos/widget", ""},
		{"https://github.com/widget", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := parseRemote(tt.url)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("parseRemote(%q) = %q, %v; want %q", tt.url, got, ok, tt.want)
		}
	}
}

// Each URL form, set as a real origin, gives owner/name.
func TestRepositoryFromOrigin(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.commit("one", nil)
	forms := []string{
		"https://github.com/octo-org/hello.git",
		"https://github.com/octo-org/hello",
		"git@github.com:octo-org/hello.git",
		"ssh://git@github.com/octo-org/hello.git",
	}
	for i, url := range forms {
		if i == 0 {
			r.git("remote", "add", "origin", url)
		} else {
			r.git("remote", "set-url", "origin", url)
		}
		ev := r.mustSynth(Options{})
		got := []any{ev.Repository, ev.Owner, get(ev.Payload, "repository.name"), get(ev.Payload, "repository.owner.login")}
		if diff := cmp.Diff([]any{"octo-org/hello", "octo-org", "hello", "octo-org"}, got); diff != "" {
			t.Errorf("origin %s (-want +got):\n%s", url, diff)
		}
	}
	// --repository wins over origin.
	if ev := r.mustSynth(Options{Repository: "me/fork"}); ev.Repository != "me/fork" || ev.Owner != "me" {
		t.Errorf("--repository: got %s / %s", ev.Repository, ev.Owner)
	}
	// A local-path origin names no GitHub repository.
	r.git("remote", "set-url", "origin", "/srv/git/hello.git")
	if ev := r.mustSynth(Options{}); ev.Repository != "local/widget" || ev.Owner != "local" {
		t.Errorf("local origin: got %s / %s", ev.Repository, ev.Owner)
	}
}

func TestRepositoryOptionInvalid(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.commit("one", nil)
	for _, bad := range []string{"widget", "/widget", "acme/", "a/b/c"} {
		_, err := r.synth(Options{Repository: bad})
		if err == nil || !strings.Contains(err.Error(), "is not owner/name") {
			t.Errorf("Repository %q: err = %v", bad, err)
		}
	}
}
