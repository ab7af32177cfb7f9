package actions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gantry-ci/gantry/executor/gitcli"
)

// checkout is actions/checkout: the workflow's repository at github.sha,
// fetched from the local repository instead of GitHub. The token is never
// written into .git/config: there is nothing to authenticate against
// offline, and the post step that would remove it does not exist here.
type checkout struct{}

func (checkout) Inputs() []Input {
	return []Input{
		{Name: "repository", Default: "${{ github.repository }}"},
		{Name: "ref"}, {Name: "token", Default: "${{ github.token }}"}, {Name: "ssh-key"},
		{Name: "ssh-known-hosts"}, {Name: "ssh-strict", Default: "true"}, {Name: "ssh-user", Default: "git"},
		{Name: "persist-credentials", Default: "true"}, {Name: "path"}, {Name: "clean", Default: "true"},
		{Name: "filter"}, {Name: "sparse-checkout"}, {Name: "sparse-checkout-cone-mode", Default: "true"},
		{Name: "fetch-depth", Default: "1"}, {Name: "fetch-tags", Default: "false"},
		{Name: "show-progress", Default: "true"}, {Name: "lfs", Default: "false"},
		{Name: "submodules", Default: "false"}, {Name: "set-safe-directory", Default: "true"},
		{Name: "github-server-url"},
	}
}

var shaRE = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)

// target is what to check out: a ref (full, or empty for a bare commit)
// and the commit.
type target struct {
	ref, sha string
}

func (checkout) Run(ctx context.Context, s *Step) (*Result, error) {
	repo := str(s.Github["repository"])
	if r := s.Inputs["repository"]; r != "" && !strings.EqualFold(r, repo) {
		return nil, fmt.Errorf("repository %s is not the workflow's repository (%s): gantry checks out only the local repository, offline", r, repo)
	}
	dir := filepath.Join(s.Host.Workspace, filepath.FromSlash(s.Inputs["path"]))
	if !under(dir, s.Host.Workspace) {
		return nil, fmt.Errorf("repository path %q is not under the workspace %s", s.Inputs["path"], s.Job.Workspace)
	}
	depth, err := intInput(s, "fetch-depth", 1)
	if err != nil {
		return nil, err
	}
	t, err := resolveTarget(ctx, s)
	if err != nil {
		return nil, err
	}
	if err := prepareDir(ctx, s, dir); err != nil {
		return nil, err
	}
	if err := fetch(ctx, s, dir, t, depth); err != nil {
		return nil, err
	}
	if err := checkoutRef(ctx, dir, t); err != nil {
		return nil, err
	}
	if err := submodules(ctx, s, dir); err != nil {
		return nil, err
	}
	if s.Worktree {
		if err := overlayWorktree(ctx, s.Repo, dir); err != nil {
			return nil, err
		}
		s.Log("Checked out the working tree of %s as it is (--worktree), over %s", s.Repo, short(t.sha))
	} else {
		s.Log("Checked out %s at %s (committed state; --worktree uses the working tree)", orSHA(t), short(t.sha))
	}
	return &Result{Outputs: map[string]string{"ref": t.ref, "commit": t.sha}}, nil
}

// resolveTarget applies the action's ref rules: no ref means github.ref at
// github.sha; a 40-hex ref is that commit; otherwise a branch or tag name,
// or a full ref, of the local repository.
func resolveTarget(ctx context.Context, s *Step) (target, error) {
	ref := s.Inputs["ref"]
	if ref == "" {
		return target{ref: str(s.Github["ref"]), sha: str(s.Github["sha"])}, nil
	}
	if shaRE.MatchString(ref) {
		return target{sha: strings.ToLower(ref)}, nil
	}
	for _, full := range []string{ref, "refs/heads/" + ref, "refs/tags/" + ref, "refs/remotes/origin/" + ref} {
		if !strings.HasPrefix(full, "refs/") {
			continue
		}
		sha, err := gitcli.Output(ctx, s.Repo, "rev-parse", "--verify", "--quiet", full+"^{commit}")
		if err == nil && sha != "" {
			if rest, ok := strings.CutPrefix(full, "refs/remotes/origin/"); ok {
				full = "refs/heads/" + rest
			}
			return target{ref: full, sha: sha}, nil
		}
	}
	return target{}, fmt.Errorf("a branch or tag with the name '%s' could not be found in %s", ref, s.Repo)
}

// prepareDir keeps an existing clone of the same repository (cleaned when
// `clean` is true), as the action does, and empties anything else.
func prepareDir(ctx context.Context, s *Step, dir string) error {
	clean, err := boolInput(s, "clean")
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		if clean {
			if _, err := gitcli.Output(ctx, dir, "clean", "-ffdx"); err != nil {
				return err
			}
			if _, err := gitcli.Output(ctx, dir, "reset", "--hard", "HEAD"); err != nil && !strings.Contains(err.Error(), "HEAD") {
				return err
			}
		}
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("checkout: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("checkout: %w", err)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("checkout: empty %s: %w", dir, err)
		}
	}
	if _, err := gitcli.Output(ctx, dir, "init", "-q"); err != nil {
		return err
	}
	server := s.Inputs["github-server-url"]
	if server == "" {
		server = "https://github.com"
	}
	_, err = gitcli.Output(ctx, dir, "remote", "add", "origin", server+"/"+str(s.Github["repository"]))
	if err != nil && !strings.Contains(err.Error(), "already exists") {
		return err
	}
	return nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

func orSHA(t target) string {
	if t.ref == "" {
		return t.sha
	}
	return t.ref
}
