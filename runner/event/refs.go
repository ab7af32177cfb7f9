package event

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// refInfo is one ref as for-each-ref reports it.
type refInfo struct {
	object string // what the ref points at: a commit, or an annotated tag object
	commit string // the commit it peels to; "" when it takes more than one step
	symref string // the target of a symbolic ref (refs/remotes/origin/HEAD)
}

// target is the ref and commit an event is about.
type target struct {
	ref    string // full ref
	sha    string // the commit (github.sha)
	object string // what the ref points at: the tag object for an annotated tag
}

const refFormat = "--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(symref)"

// lookup returns the refs among names that exist, reading each name from
// git at most once per Synthesize: one for-each-ref answers many names.
func (b *builder) lookup(ctx context.Context, names ...string) (map[string]refInfo, error) {
	var missing []string
	for _, n := range names {
		if _, known := b.refs[n]; !known && !b.absent[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		if err := b.loadRefs(ctx, missing); err != nil {
			return nil, err
		}
	}
	found := map[string]refInfo{}
	for _, n := range names {
		if info, ok := b.refs[n]; ok {
			found[n] = info
		}
	}
	return found, nil
}

func (b *builder) loadRefs(ctx context.Context, names []string) error {
	out, err := b.g.run(ctx, "", append([]string{"for-each-ref", refFormat}, names...)...)
	if err != nil {
		return fmt.Errorf("event: read refs: %w", err)
	}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(line, "\x00")
		// for-each-ref patterns also match refs below a name
		// (refs/heads/main/x for refs/heads/main): keep exact names only.
		if len(f) != 6 || !slices.Contains(names, f[0]) {
			continue
		}
		info := refInfo{object: f[2], symref: f[5]}
		switch {
		case f[1] == "commit":
			info.commit = f[2]
		case f[1] == "tag" && f[3] == "commit":
			info.commit = f[4]
		}
		b.refs[f[0]] = info
	}
	for _, n := range names {
		if _, ok := b.refs[n]; !ok {
			b.absent[n] = true
		}
	}
	return nil
}

// resolve turns a --ref and --sha into the event's target. ref may be a
// full ref, a branch or a tag name, or "" for the current branch.
func (b *builder) resolve(ctx context.Context, ref, sha string) (target, error) {
	if ref == "" {
		if b.branch == "" {
			return b.detached(ctx, sha)
		}
		ref = "refs/heads/" + b.branch
	}
	full, info, err := b.fullRef(ctx, ref, sha != "")
	if err != nil {
		return target{}, err
	}
	if full == "refs/heads/"+b.branch && info.object == "" && sha == "" {
		return target{}, errorf("branch %q has no commits yet", b.branch)
	}
	t := target{ref: full, sha: info.commit, object: info.object}
	switch {
	case sha != "":
		t.sha, err = b.g.commit(ctx, sha)
		t.object = t.sha
	case info.object != "" && info.commit == "":
		t.sha, err = b.g.commit(ctx, full) // a tag of a tag
	case info.object == "":
		// A full ref that is not in the repository: the run simulates
		// an event for it (a push to refs/heads/main from a feature
		// branch) with the commit that is checked out.
		t.sha, err = b.g.commit(ctx, "HEAD")
		t.object = t.sha
	}
	if err != nil {
		return target{}, fmt.Errorf("event: resolve ref %q: %w", ref, err)
	}
	return t, nil
}

// fullRef expands a branch or tag name. Tags win over branches of the same
// name, as in git rev-parse; a remote-tracking branch of origin stands in
// for a branch that was never checked out locally.
func (b *builder) fullRef(ctx context.Context, name string, haveSHA bool) (string, refInfo, error) {
	if strings.HasPrefix(name, "refs/") {
		found, err := b.lookup(ctx, name)
		return name, found[name], err
	}
	tag, head, remote := "refs/tags/"+name, "refs/heads/"+name, "refs/remotes/origin/"+name
	found, err := b.lookup(ctx, tag, head, remote)
	if err != nil {
		return "", refInfo{}, err
	}
	for _, n := range []string{tag, head} {
		if info, ok := found[n]; ok {
			return n, info, nil
		}
	}
	if info, ok := found[remote]; ok {
		return head, info, nil
	}
	if haveSHA {
		// --sha says which commit; the name is then a branch to be.
		return head, refInfo{}, nil
	}
	return "", refInfo{}, fmt.Errorf("event: resolve ref %q: no branch or tag of that name", name)
}

// detached picks the ref for a detached HEAD (or --sha without --ref): a
// branch, else a tag, that points at the commit. CI checkouts of a tag or
// of a branch tip are detached, and still have an obvious ref.
func (b *builder) detached(ctx context.Context, sha string) (target, error) {
	rev := "HEAD"
	if sha != "" {
		rev = sha
	}
	commit, err := b.g.commit(ctx, rev)
	if err != nil {
		return target{}, fmt.Errorf("event: resolve %s: %w", rev, err)
	}
	out, err := b.g.run(ctx, "", "for-each-ref", "--points-at="+commit, "--format=%(refname)", "refs/heads", "refs/tags")
	if err != nil {
		return target{}, fmt.Errorf("event: find refs at %.12s: %w", commit, err)
	}
	refs := strings.Fields(out)
	for _, prefix := range []string{"refs/heads/", "refs/tags/"} {
		for _, r := range refs {
			if strings.HasPrefix(r, prefix) {
				return b.resolve(ctx, r, sha)
			}
		}
	}
	return target{}, fmt.Errorf("event: HEAD is detached at %.12s and no branch or tag points at it; pass --ref to name the ref the event is for", commit)
}

// branchCommit is the commit of a branch, local or else origin's.
func (b *builder) branchCommit(ctx context.Context, branch string) (string, bool, error) {
	head, remote := "refs/heads/"+branch, "refs/remotes/origin/"+branch
	found, err := b.lookup(ctx, head, remote)
	if err != nil {
		return "", false, err
	}
	for _, n := range []string{head, remote} {
		if info, ok := found[n]; ok && info.commit != "" {
			return info.commit, true, nil
		}
	}
	return "", false, nil
}

// refFacts are github.ref_name and github.ref_type for a full ref.
func refFacts(ref string) (name, kind string) {
	switch {
	case strings.HasPrefix(ref, "refs/heads/"):
		return strings.TrimPrefix(ref, "refs/heads/"), "branch"
	case strings.HasPrefix(ref, "refs/tags/"):
		return strings.TrimPrefix(ref, "refs/tags/"), "tag"
	case strings.HasPrefix(ref, "refs/pull/"):
		// GitHub reports the PR merge ref as a branch: GITHUB_REF_TYPE
		// is "branch" and GITHUB_REF_NAME "N/merge" on pull_request.
		return strings.TrimPrefix(ref, "refs/pull/"), "branch"
	}
	return strings.TrimPrefix(ref, "refs/"), ""
}
