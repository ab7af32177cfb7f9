package event

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// pushFacts is what differs between a branch push and a tag push.
type pushFacts struct {
	before   string
	created  bool
	baseRef  any // null, or the branch a pushed tag points at
	commits  []commit
	files    []string
	headInfo commit
}

// push synthesises the push of Ref at SHA. A branch push is modelled as
// pushing the one commit on top of its first parent (or the commits since
// the event file's "before"); a tag push as creating the tag, which is
// what pushing a tag almost always is.
func (b *builder) push(ctx context.Context) (*Event, map[string]any, error) {
	t, err := b.resolve(ctx, firstOf(b.o.Ref, str(b.hints, "ref")), b.o.SHA)
	if err != nil {
		return nil, nil, err
	}
	head, err := b.headCommit(ctx, t.sha)
	if err != nil {
		return nil, nil, err
	}
	var f pushFacts
	if strings.HasPrefix(t.ref, "refs/tags/") {
		f, err = b.tagPush(ctx, t, head)
	} else {
		f, err = b.branchPush(ctx, t, head)
	}
	if err != nil {
		return nil, nil, err
	}
	ev := refEvent(t)
	ev.Files = f.files
	return ev, b.pushPayload(t, f), nil
}

func (b *builder) headCommit(ctx context.Context, sha string) (commit, error) {
	commits, err := b.g.log(ctx, 1, sha)
	if err != nil {
		return commit{}, fmt.Errorf("event: read commit %.12s: %w", sha, err)
	}
	if len(commits) == 0 {
		return commit{}, fmt.Errorf("event: read commit %.12s: git log printed nothing", sha)
	}
	return commits[0], nil
}

// branchPush: before is the first parent, or 40 zeros for a root commit
// (the push that created the branch). The event file may name another
// "before" to simulate a push of several commits; it counts only when the
// commit is in the repository.
func (b *builder) branchPush(ctx context.Context, t target, head commit) (pushFacts, error) {
	f := pushFacts{before: zeroSHA, created: true, baseRef: nil, headInfo: head,
		commits: []commit{head}, files: head.files()}
	if len(head.parents) > 0 {
		f.before, f.created = head.parents[0], false
	}
	before, err := b.beforeHint(ctx)
	if err != nil || before == "" || before == f.before {
		if err == nil && len(head.parents) > 1 {
			// A merge brings the merged branch's commits along.
			f.commits, err = b.commitsSince(ctx, f.before, t.sha)
		}
		return f, err
	}
	f.before, f.created = before, false
	if f.commits, err = b.commitsSince(ctx, before, t.sha); err != nil {
		return f, err
	}
	f.files, err = b.g.changedFiles(ctx, before+".."+t.sha)
	return f, err
}

// beforeHint is the event file's "before" as a commit of this repository,
// or "". One this repository lacks (a webhook copied from GitHub) keeps
// the one-commit view; the payload still says what the file said.
func (b *builder) beforeHint(ctx context.Context) (string, error) {
	hint := str(b.hints, "before")
	if hint == "" || hint == zeroSHA {
		return "", nil
	}
	before, err := b.g.commit(ctx, hint)
	if errors.Is(err, errNoCommit) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("event: resolve before %q: %w", hint, err)
	}
	return before, nil
}

func (b *builder) commitsSince(ctx context.Context, before, after string) ([]commit, error) {
	commits, err := b.g.log(ctx, maxCommits, before+".."+after)
	if err != nil {
		return nil, fmt.Errorf("event: list commits %.12s..%.12s: %w", before, after, err)
	}
	return commits, nil
}

// tagPush: GitHub reports a new tag with before = zeros, no commits (they
// were pushed before) and the tagged commit as head_commit; after is the
// tag object for an annotated tag while github.sha is the commit.
func (b *builder) tagPush(ctx context.Context, t target, head commit) (pushFacts, error) {
	f := pushFacts{before: zeroSHA, created: true, baseRef: nil, headInfo: head,
		commits: nil, files: head.files()}
	// base_ref names the branch the tag was pushed from when its tip is
	// the tagged commit; the default and current branches are the likely ones.
	for _, branch := range []string{b.defaultBranch, b.branch} {
		if branch == "" {
			continue
		}
		if sha, ok, err := b.branchCommit(ctx, branch); err != nil {
			return f, err
		} else if ok && sha == t.sha {
			f.baseRef = "refs/heads/" + branch
			break
		}
	}
	return f, nil
}

func (b *builder) pushPayload(t target, f pushFacts) map[string]any {
	commits := make([]any, len(f.commits))
	for i, c := range f.commits {
		commits[i] = c.payload(b.site)
	}
	compare := b.site.htmlURL() + "/compare/" + short(f.before) + "..." + short(t.object)
	if f.created {
		name, _ := refFacts(t.ref)
		compare = b.site.htmlURL() + "/compare/" + name
	}
	var email any
	if b.email != "" {
		email = b.email
	}
	p := b.common(true)
	p["ref"], p["before"], p["after"] = t.ref, f.before, t.object
	p["created"], p["deleted"], p["forced"] = f.created, false, false
	p["base_ref"], p["compare"] = f.baseRef, compare
	p["commits"], p["head_commit"] = commits, f.headInfo.payload(b.site)
	p["pusher"] = map[string]any{"name": b.actor, "email": email}
	return p
}

// short is the 12-character abbreviation GitHub uses in compare URLs.
func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
