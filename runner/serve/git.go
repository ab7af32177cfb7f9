package serve

import (
	"context"
	"fmt"
	"strings"

	"github.com/gantry-ci/gantry/executor/gitcli"
)

// checkout makes a fresh workspace at dest holding src's commit sha (or
// what ref points to), with ref's branch checked out at it so that the
// event sees the branch as GitHub's checkout would.
func checkout(ctx context.Context, src, dest, ref, sha string) (string, error) {
	if _, err := gitcli.Output(ctx, "", "clone", "--quiet", "--no-checkout", src, dest); err != nil {
		return "", fmt.Errorf("checkout: %w", err)
	}
	// A clone brings branches and tags; other refs (refs/pull/…) and
	// commits no branch holds any more are fetched by name.
	if ref != "" {
		_, _ = gitcli.Output(ctx, dest, "fetch", "--quiet", "origin", "+"+ref+":refs/gantry/event")
	}
	target := sha
	if target == "" {
		target = "refs/gantry/event"
		if ref == "" {
			target = "HEAD"
		}
	}
	commit, err := gitcli.Output(ctx, dest, "rev-parse", "--verify", "--quiet", target+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("checkout: commit %s of %s is not in %s", short(firstOf(sha, ref)), firstOf(ref, "HEAD"), src)
	}
	args := []string{"checkout", "--quiet", "--detach", commit}
	if branch, ok := strings.CutPrefix(ref, "refs/heads/"); ok {
		args = []string{"checkout", "--quiet", "-B", branch, commit}
	}
	if _, err := gitcli.Output(ctx, dest, args...); err != nil {
		return "", fmt.Errorf("checkout: %w", err)
	}
	return commit, nil
}

// refs lists a repository's branches and tags: full ref → commit.
func refs(ctx context.Context, dir string) (map[string]string, error) {
	out, err := gitcli.Output(ctx, dir, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags")
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if sha, ref, ok := strings.Cut(line, " "); ok {
			m[ref] = sha
		}
	}
	return m, nil
}

func short(s string) string {
	if len(s) > 7 && !strings.HasPrefix(s, "refs/") {
		return s[:7]
	}
	return s
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
