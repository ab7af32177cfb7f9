package actions

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gantry-ci/gantry/executor/gitcli"
)

// sourceRepo makes a local repository with two commits on main, a tag on
// the first and a branch "feature" with a third commit.
func sourceRepo(t *testing.T) (dir string, shas map[string]string) {
	t.Helper()
	dir = t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out, err := gitcli.Output(context.Background(), dir, args...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	t.Setenv("GIT_CONFIG_GLOBAL", "/dev/null")
	run("init", "-q", "-b", "main")
	run("config", "user.name", "t")
	run("config", "user.email", "t@example.com")
	shas = map[string]string{}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "one\n")
	run("add", "-A")
	run("commit", "-q", "-m", "first")
	shas["first"] = run("rev-parse", "HEAD")
	run("tag", "-a", "v1.0.0", "-m", "release")
	write("a.txt", "two\n")
	write(".gitignore", "ignored.txt\n")
	run("add", "-A")
	run("commit", "-q", "-m", "second")
	shas["main"] = run("rev-parse", "HEAD")
	run("checkout", "-q", "-b", "feature")
	write("feature.txt", "f\n")
	run("add", "-A")
	run("commit", "-q", "-m", "feature")
	shas["feature"] = run("rev-parse", "HEAD")
	run("checkout", "-q", "main")
	return dir, shas
}

func checkoutStep(t *testing.T, repo string, github map[string]any, inputs map[string]string) *Step {
	t.Helper()
	ws := t.TempDir()
	in := map[string]string{"clean": "true", "fetch-depth": "1", "fetch-tags": "false", "submodules": "false"}
	for k, v := range inputs {
		in[k] = v
	}
	return &Step{Inputs: in, Github: github, Repo: repo,
		Host: Dirs{Workspace: ws}, Job: Dirs{Workspace: "/home/runner/work/app/app"},
		Log: func(string, ...any) {}, Warn: func(string, ...any) {}}
}

func headOf(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := gitcli.Output(context.Background(), dir, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCheckout(t *testing.T) {
	repo, shas := sourceRepo(t)
	gh := map[string]any{"repository": "octo/app", "ref": "refs/heads/main", "sha": shas["main"]}
	tests := []struct {
		what       string
		inputs     map[string]string
		wantCommit string
		wantRef    string
		wantFile   string // a file and its content, "name=content"
		wantBranch string // git branch --show-current; "" when detached
		wantDepth  string // commits reachable from HEAD
	}{
		{"default: github.ref at github.sha, depth 1", nil, shas["main"], "refs/heads/main", "a.txt=two", "main", "1"},
		{"fetch-depth 0: all history", map[string]string{"fetch-depth": "0"}, shas["main"], "refs/heads/main", "a.txt=two", "main", "2"},
		{"ref: a branch", map[string]string{"ref": "feature"}, shas["feature"], "refs/heads/feature", "feature.txt=f", "feature", "1"},
		{"ref: a tag", map[string]string{"ref": "v1.0.0"}, shas["first"], "refs/tags/v1.0.0", "a.txt=one", "", "1"},
		{"ref: a commit", map[string]string{"ref": shas["first"]}, shas["first"], "", "a.txt=one", "", "1"},
		{"path", map[string]string{"path": "sub/dir"}, shas["main"], "refs/heads/main", "sub/dir/a.txt=two", "main", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			s := checkoutStep(t, repo, gh, tt.inputs)
			res, err := checkout{}.Run(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outputs["commit"] != tt.wantCommit || res.Outputs["ref"] != tt.wantRef {
				t.Errorf("outputs %v, want commit %s ref %s", res.Outputs, tt.wantCommit, tt.wantRef)
			}
			name, content, _ := strings.Cut(tt.wantFile, "=")
			got, err := os.ReadFile(filepath.Join(s.Host.Workspace, name))
			if err != nil || strings.TrimSpace(string(got)) != content {
				t.Errorf("%s = %q (%v), want %q", name, got, err, content)
			}
			clone := filepath.Join(s.Host.Workspace, s.Inputs["path"])
			if b := headOf(t, clone, "branch", "--show-current"); b != tt.wantBranch {
				t.Errorf("branch %q, want %q", b, tt.wantBranch)
			}
			if n := headOf(t, clone, "rev-list", "--count", "HEAD"); n != tt.wantDepth {
				t.Errorf("%s commits reachable, want %s", n, tt.wantDepth)
			}
			if origin := headOf(t, clone, "remote", "get-url", "origin"); origin != "https://github.com/octo/app" {
				t.Errorf("origin %q", origin)
			}
		})
	}
}

func TestCheckoutTagsWithFullHistory(t *testing.T) {
	repo, shas := sourceRepo(t)
	s := checkoutStep(t, repo, map[string]any{"repository": "octo/app", "ref": "refs/heads/main", "sha": shas["main"]}, map[string]string{"fetch-depth": "0"})
	if _, err := (checkout{}).Run(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if tags := headOf(t, s.Host.Workspace, "tag"); tags != "v1.0.0" {
		t.Errorf("tags %q, want v1.0.0", tags)
	}
	if b := headOf(t, s.Host.Workspace, "branch", "-r"); !strings.Contains(b, "origin/feature") {
		t.Errorf("remote branches %q", b)
	}
}

func TestCheckoutWorktreeAndClean(t *testing.T) {
	repo, shas := sourceRepo(t)
	gh := map[string]any{"repository": "octo/app", "ref": "refs/heads/main", "sha": shas["main"]}
	os.WriteFile(filepath.Join(repo, "a.txt"), []byte("uncommitted\n"), 0o644)
	os.WriteFile(filepath.Join(repo, "new.txt"), []byte("new\n"), 0o644)
	os.WriteFile(filepath.Join(repo, "ignored.txt"), []byte("x\n"), 0o644)
	s := checkoutStep(t, repo, gh, nil)
	s.Worktree = true
	if _, err := (checkout{}).Run(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a.txt": "uncommitted", "new.txt": "new"} {
		if got, _ := os.ReadFile(filepath.Join(s.Host.Workspace, name)); strings.TrimSpace(string(got)) != want {
			t.Errorf("--worktree: %s = %q, want %q", name, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(s.Host.Workspace, "ignored.txt")); err == nil {
		t.Error("--worktree copied an ignored file")
	}
	// Without --worktree, in the same directory: the commit, cleaned.
	s.Worktree = false
	os.WriteFile(filepath.Join(s.Host.Workspace, "junk.txt"), []byte("j"), 0o644)
	if _, err := (checkout{}).Run(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(s.Host.Workspace, "a.txt")); strings.TrimSpace(string(got)) != "two" {
		t.Errorf("a.txt = %q after a clean checkout", got)
	}
	for _, f := range []string{"junk.txt", "new.txt"} {
		if _, err := os.Stat(filepath.Join(s.Host.Workspace, f)); err == nil {
			t.Errorf("%s survived clean: true", f)
		}
	}
}

func TestCheckoutErrors(t *testing.T) {
	repo, shas := sourceRepo(t)
	gh := map[string]any{"repository": "octo/app", "ref": "refs/heads/main", "sha": shas["main"]}
	for what, in := range map[string]map[string]string{
		"another repository": {"repository": "other/repo"},
		"path outside":       {"path": "../../etc"},
		"unknown ref":        {"ref": "no-such-branch"},
		"bad fetch-depth":    {"fetch-depth": "deep"},
	} {
		t.Run(what, func(t *testing.T) {
			if _, err := (checkout{}).Run(context.Background(), checkoutStep(t, repo, gh, in)); err == nil {
				t.Error("want an error")
			} else if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestCheckoutSubmodules(t *testing.T) {
	sub, _ := sourceRepo(t)
	repo, _ := sourceRepo(t)
	cmd := exec.Command("git", "-c", "protocol.file.allow=always", "submodule", "add", "-q", "https://example.invalid/sub.git", "lib")
	cmd.Dir = repo
	// Add from the local path, then point the recorded URL at a server
	// gantry cannot reach, as a real repository's would be.
	cmd.Args[len(cmd.Args)-2] = sub
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	headOf(t, repo, "config", "--file", ".gitmodules", "submodule.lib.url", "https://example.invalid/sub.git")
	headOf(t, repo, "commit", "-qam", "add submodule")
	sha := headOf(t, repo, "rev-parse", "HEAD")
	s := checkoutStep(t, repo, map[string]any{"repository": "octo/app", "ref": "refs/heads/main", "sha": sha}, map[string]string{"submodules": "true"})
	if _, err := (checkout{}).Run(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(s.Host.Workspace, "lib", "a.txt")); err != nil || strings.TrimSpace(string(got)) != "two" {
		t.Errorf("submodule file: %q %v", got, err)
	}
}
