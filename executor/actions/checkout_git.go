package actions

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gantry-ci/gantry/executor/gitcli"
)

// fetch brings the target commit from the local repository, with the
// refspecs the real action uses for github.com.
func fetch(ctx context.Context, s *Step, dir string, t target, depth int) error {
	fetchTags, err := boolInput(s, "fetch-tags")
	if err != nil {
		return err
	}
	args := []string{"-c", "protocol.version=2", "fetch", "--prune", "--no-recurse-submodules", "--quiet",
		// The source is a plain local repository: let it serve any commit,
		// as github.com serves the commit of a run.
		"--upload-pack=git -c uploadpack.allowAnySHA1InWant=true upload-pack"}
	if depth > 0 {
		args = append(args, fmt.Sprintf("--depth=%d", depth))
	}
	if depth > 0 && !fetchTags {
		args = append(args, "--no-tags")
	}
	args = append(args, "file://"+s.Repo)
	if depth > 0 {
		_, err = gitcli.Output(ctx, dir, append(args, refspec(t))...)
		return err
	}
	if _, err := gitcli.Output(ctx, dir, append(args, "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*")...); err != nil {
		return err
	}
	// As the action's testRef: when the fetched ref is not at the run's
	// commit (an older github.sha), fetch that commit onto it.
	if got, err := gitcli.Output(ctx, dir, "rev-parse", "--verify", "--quiet", localRef(t)+"^{commit}"); err == nil && got == t.sha {
		return nil
	}
	_, err = gitcli.Output(ctx, dir, append(args, refspec(t))...)
	return err
}

// localRef is where refspec puts the target in the clone.
func localRef(t target) string {
	_, dst, ok := strings.Cut(refspec(t), ":")
	if !ok {
		return t.sha
	}
	return dst
}

func refspec(t target) string {
	switch {
	case strings.HasPrefix(t.ref, "refs/heads/"):
		return "+" + t.sha + ":refs/remotes/origin/" + strings.TrimPrefix(t.ref, "refs/heads/")
	case strings.HasPrefix(t.ref, "refs/pull/"):
		return "+" + t.sha + ":refs/remotes/pull/" + strings.TrimPrefix(t.ref, "refs/pull/")
	case strings.HasPrefix(t.ref, "refs/tags/"):
		return "+" + t.sha + ":" + t.ref
	}
	return t.sha
}

// checkoutRef checks the commit out as the action does: a branch as a
// local branch, everything else detached.
func checkoutRef(ctx context.Context, dir string, t target) error {
	var args []string
	switch {
	case strings.HasPrefix(t.ref, "refs/heads/"):
		b := strings.TrimPrefix(t.ref, "refs/heads/")
		args = []string{"checkout", "--quiet", "--force", "-B", b, "refs/remotes/origin/" + b}
	case strings.HasPrefix(t.ref, "refs/pull/"):
		args = []string{"checkout", "--quiet", "--force", "refs/remotes/pull/" + strings.TrimPrefix(t.ref, "refs/pull/")}
	case strings.HasPrefix(t.ref, "refs/tags/"):
		args = []string{"checkout", "--quiet", "--force", t.ref}
	default:
		args = []string{"checkout", "--quiet", "--force", t.sha}
	}
	_, err := gitcli.Output(ctx, dir, args...)
	return err
}

// submodules initialises submodules from the local repository's own
// checkouts of them: their URLs point at servers gantry cannot reach.
func submodules(ctx context.Context, s *Step, dir string) error {
	mode := strings.TrimSpace(s.Inputs["submodules"])
	if mode == "" || mode == "false" {
		return nil
	}
	if mode != "true" && mode != "recursive" {
		return fmt.Errorf("input submodules: %q is not false, true or recursive", mode)
	}
	if _, err := os.Stat(filepath.Join(dir, ".gitmodules")); err != nil {
		return nil
	}
	paths, err := gitcli.Output(ctx, dir, "config", "--file", ".gitmodules", "--get-regexp", `^submodule\..*\.path$`)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(paths, "\n") {
		key, path, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(key, "submodule."), ".path")
		src := filepath.Join(s.Repo, path)
		if _, err := os.Stat(filepath.Join(src, ".git")); err != nil {
			return fmt.Errorf("submodule %s: the local repository has no checkout of it at %s to copy from", name, path)
		}
		if _, err := gitcli.Output(ctx, dir, "config", "submodule."+name+".url", src); err != nil {
			return err
		}
	}
	args := []string{"-c", "protocol.file.allow=always", "submodule", "update", "--init", "--force", "--quiet"}
	if mode == "recursive" {
		args = append(args, "--recursive")
	}
	_, err = gitcli.Output(ctx, dir, args...)
	return err
}

// overlayWorktree copies the local repository's uncommitted changes
// (modified and untracked, not ignored) over the checkout and deletes what
// was deleted, for --worktree.
func overlayWorktree(ctx context.Context, repo, dir string) error {
	changed, err := gitcli.Output(ctx, repo, "ls-files", "-z", "--modified", "--others", "--exclude-standard")
	if err != nil {
		return err
	}
	deleted, err := gitcli.Output(ctx, repo, "ls-files", "-z", "--deleted")
	if err != nil {
		return err
	}
	gone := map[string]bool{}
	for _, f := range strings.Split(deleted, "\x00") {
		if f != "" {
			gone[f] = true
			_ = os.Remove(filepath.Join(dir, f))
		}
	}
	for _, f := range strings.Split(changed, "\x00") {
		if f == "" || gone[f] {
			continue
		}
		if err := copyFile(filepath.Join(repo, f), filepath.Join(dir, f)); err != nil {
			return fmt.Errorf("--worktree: %w", err)
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	info, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if info.Mode()&os.ModeSymlink != 0 {
		link, err := os.Readlink(src)
		if err != nil {
			return err
		}
		_ = os.Remove(dst)
		return os.Symlink(link, dst)
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
