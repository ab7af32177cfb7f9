package event

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// refsRepo: main (c1, c2), feature (c3 on c2), a tag v1 at c1 and an
// origin-only branch "remote-only" at c1.
func refsRepo(t *testing.T) (r *testRepo, c1, c2, c3 string) {
	r = newRepo(t)
	c1 = r.commit("one", map[string]string{"a": "1\n"})
	c2 = r.commit("two", map[string]string{"a": "2\n"})
	r.git("checkout", "-q", "-b", "feature")
	c3 = r.commit("three", map[string]string{"b": "3\n"})
	r.git("tag", "v1", c1)
	r.git("update-ref", "refs/remotes/origin/remote-only", c1)
	return r, c1, c2, c3
}

func TestRefResolution(t *testing.T) {
	t.Parallel()
	r, c1, c2, c3 := refsRepo(t)
	tests := []struct {
		name, ref, sha             string
		wantRef, wantType, wantSHA string
		wantErr                    string
	}{
		{name: "current branch", wantRef: "refs/heads/feature", wantType: "branch", wantSHA: c3},
		{name: "branch name", ref: "main", wantRef: "refs/heads/main", wantType: "branch", wantSHA: c2},
		{name: "full branch ref", ref: "refs/heads/main", wantRef: "refs/heads/main", wantType: "branch", wantSHA: c2},
		{name: "tag name", ref: "v1", wantRef: "refs/tags/v1", wantType: "tag", wantSHA: c1},
		{name: "origin-only branch", ref: "remote-only", wantRef: "refs/heads/remote-only", wantType: "branch", wantSHA: c1},
		// A full ref that does not exist: that ref, at HEAD.
		{name: "new full ref", ref: "refs/heads/release/2.x", wantRef: "refs/heads/release/2.x", wantType: "branch", wantSHA: c3},
		{name: "sha overrides", ref: "main", sha: c1[:10], wantRef: "refs/heads/main", wantType: "branch", wantSHA: c1},
		{name: "sha with a new branch name", ref: "brand-new", sha: c2, wantRef: "refs/heads/brand-new", wantType: "branch", wantSHA: c2},
		{name: "unknown name", ref: "nope", wantErr: `event: resolve ref "nope": no branch or tag of that name`},
		{name: "unknown sha", sha: "deadbeef", wantErr: `event: resolve ref "refs/heads/feature": no commit "deadbeef" in the repository`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := r.synth(Options{Ref: tt.ref, SHA: tt.sha})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ev.Ref != tt.wantRef || ev.RefType != tt.wantType || ev.SHA != tt.wantSHA {
				t.Errorf("got %s (%s) at %s, want %s (%s) at %s", ev.Ref, ev.RefType, ev.SHA, tt.wantRef, tt.wantType, tt.wantSHA)
			}
		})
	}
}

func TestDetachedHead(t *testing.T) {
	t.Parallel()
	r, c1, c2, c3 := refsRepo(t)
	other := r.commit("four", nil)
	r.git("reset", "-q", "--hard", c3)
	tests := []struct {
		name, checkout, ref, sha  string
		wantRef, wantSHA, wantErr string
	}{
		{name: "no ref points at it", checkout: other,
			wantErr: "event: HEAD is detached at " + other[:12] + " and no branch or tag points at it; pass --ref to name the ref the event is for"},
		{name: "at a branch tip", checkout: c2, wantRef: "refs/heads/main", wantSHA: c2},
		{name: "at a tag", checkout: c1, wantRef: "refs/tags/v1", wantSHA: c1},
		{name: "with --ref", checkout: other, ref: "main", wantRef: "refs/heads/main", wantSHA: c2},
		{name: "with --sha of a branch tip", checkout: other, sha: c3, wantRef: "refs/heads/feature", wantSHA: c3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Each case needs its own HEAD, so its own clone.
			clone := &testRepo{t: t, dir: filepath.Join(t.TempDir(), "clone")}
			r.git("worktree", "add", "-q", "--detach", clone.dir, tt.checkout)
			ev, err := clone.synth(Options{Ref: tt.ref, SHA: tt.sha})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ev.Ref != tt.wantRef || ev.SHA != tt.wantSHA {
				t.Errorf("got %s at %s, want %s at %s", ev.Ref, ev.SHA, tt.wantRef, tt.wantSHA)
			}
		})
	}
}

func TestNotARepository(t *testing.T) {
	t.Parallel()
	plain := t.TempDir()
	file := filepath.Join(plain, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ dir, want string }{
		{plain, "event: " + plain + " is not a git repository (gantry needs the repository's history to build the event)"},
		{filepath.Join(plain, "missing"), "no such file or directory"},
		{file, "is not a directory"},
	}
	for _, tt := range tests {
		_, err := Synthesize(t.Context(), Options{Dir: tt.dir})
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Synthesize(%s) error = %v, want one line containing %q", tt.dir, err, tt.want)
		}
	}
}

func TestEmptyRepository(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	_, err := r.synth(Options{})
	if err == nil || err.Error() != `event: branch "main" has no commits yet` {
		t.Errorf("err = %v, want the unborn branch named", err)
	}
}

// A subdirectory of the work tree names its repository; origin/HEAD names
// the default branch.
func TestSubdirectoryAndDefaultBranch(t *testing.T) {
	t.Parallel()
	r, _, c2, _ := refsRepo(t)
	r.git("update-ref", "refs/remotes/origin/trunk", c2)
	r.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
	sub := &testRepo{t: t, dir: filepath.Join(r.dir, "sub")}
	if err := os.Mkdir(sub.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ev := sub.mustSynth(Options{})
	if ev.Repository != "local/widget" || get(ev.Payload, "repository.default_branch") != "trunk" {
		t.Errorf("repository %s, default branch %v; want local/widget, trunk", ev.Repository, get(ev.Payload, "repository.default_branch"))
	}
}

// A GIT_DIR inherited from a hook or wrapper must not redirect git away
// from Options.Dir. (Not parallel: it sets the environment.)
func TestGitDirIgnored(t *testing.T) {
	r, _, _, c3 := refsRepo(t)
	other := newRepo(t)
	other.commit("elsewhere", nil)
	t.Setenv("GIT_DIR", filepath.Join(other.dir, ".git"))
	ev := r.mustSynth(Options{})
	if ev.SHA != c3 {
		t.Errorf("SHA = %s, want %s from Options.Dir", ev.SHA, c3)
	}
}
