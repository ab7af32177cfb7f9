package event

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/gantry-ci/gantry/executor/gitcli"
)

// pull is a pull request as the payload and github context see it.
type pull struct {
	number     int
	head, base target
	baseKnown  bool // the base branch is in the repository
	headCommit commit
	files      []string
}

// pullRequest synthesises pull_request and pull_request_target: the
// checked-out branch (or --ref) proposed into the default branch (or the
// event file's pull_request.base.ref).
//
// For pull_request GitHub runs on refs/pull/N/merge at a test merge
// commit it creates; gantry does not create merge commits, so github.sha
// is the head commit. pull_request_target runs on the base branch at its
// last commit, as on GitHub.
func (b *builder) pullRequest(ctx context.Context) (*Event, map[string]any, error) {
	pr, err := b.loadPull(ctx)
	if err != nil {
		return nil, nil, err
	}
	headName, _ := refFacts(pr.head.ref)
	baseName, _ := refFacts(pr.base.ref)
	ev := refEvent(target{ref: fmt.Sprintf("refs/pull/%d/merge", pr.number), sha: pr.head.sha})
	if b.o.Event == "pull_request_target" {
		if !pr.baseKnown {
			return nil, nil, errorf("pull_request_target runs on the base branch %q, which is not in the repository (set pull_request.base.ref with -e)", baseName)
		}
		ev = refEvent(pr.base)
	}
	ev.BaseRef, ev.HeadRef, ev.Files = baseName, headName, pr.files
	payload := b.common(false)
	payload["action"], payload["number"] = "opened", float64(pr.number)
	payload["pull_request"] = b.pullObject(pr, headName, baseName)
	return ev, payload, nil
}

func (b *builder) loadPull(ctx context.Context) (pull, error) {
	var pr pull
	var err error
	if pr.number, err = b.pullNumber(); err != nil {
		return pr, err
	}
	headRef := b.o.Ref
	if h := str(b.hints, "pull_request", "head", "ref"); headRef == "" && h != "" {
		headRef = "refs/heads/" + h // a head branch from the event file need not exist here
	}
	if pr.head, err = b.resolve(ctx, headRef, b.o.SHA); err != nil {
		return pr, err
	}
	if pr.headCommit, err = b.headCommit(ctx, pr.head.sha); err != nil {
		return pr, err
	}
	baseName := firstOf(str(b.hints, "pull_request", "base", "ref"), b.defaultBranch)
	pr.base = target{ref: "refs/heads/" + baseName}
	sha, ok, err := b.branchCommit(ctx, baseName)
	if err != nil {
		return pr, err
	}
	pr.base.sha, pr.base.object, pr.baseKnown = sha, sha, ok
	if !ok {
		// Without the base branch there is nothing to diff against: the
		// files are unknown and base.sha repeats the head, so that the
		// payload still has a commit there.
		pr.base.sha = pr.head.sha
		return pr, nil
	}
	// Three dots: the changes of the head since it forked from the
	// base, which is what GitHub's "files changed" and paths filters use.
	pr.files, err = b.g.changedFiles(ctx, sha+"..."+pr.head.sha)
	if err != nil && gitcli.ExitCode(err) >= 0 {
		pr.files, err = nil, nil // no merge base (unrelated histories): unknown
	}
	return pr, err
}

// pullNumber is the event file's number (or pull_request.number), else 1.
func (b *builder) pullNumber() (int, error) {
	v := lookupPath(b.hints, []string{"number"})
	if v == nil {
		v = lookupPath(b.hints, []string{"pull_request", "number"})
	}
	if v == nil {
		return 1, nil
	}
	n, ok := v.(float64)
	if s, isString := v.(string); isString {
		f, err := strconv.ParseFloat(s, 64)
		n, ok = f, err == nil
	}
	if !ok || n < 1 || n != math.Trunc(n) || n > math.MaxInt32 {
		return 0, errorf("pull request number %v in the event file is not a positive whole number", v)
	}
	return int(n), nil
}

func (b *builder) pullObject(pr pull, headName, baseName string) map[string]any {
	html := fmt.Sprintf("%s/pull/%d", b.site.htmlURL(), pr.number)
	api := fmt.Sprintf("%s/pulls/%d", b.site.apiURL(), pr.number)
	now := isoTime(b.now)
	side := func(name, sha string) map[string]any {
		return map[string]any{
			"label": b.site.owner + ":" + name, "ref": name, "sha": sha,
			"user": b.site.user(b.site.owner), "repo": b.site.repository(b.defaultBranch, b.now, false),
		}
	}
	obj := map[string]any{
		"id": numericID("pull", fmt.Sprintf("%s#%d", b.site.fullName, pr.number)), "number": float64(pr.number),
		"url": api, "html_url": html, "diff_url": html + ".diff", "patch_url": html + ".patch",
		"issue_url":   fmt.Sprintf("%s/issues/%d", b.site.apiURL(), pr.number),
		"commits_url": api + "/commits", "statuses_url": b.site.apiURL() + "/statuses/" + pr.head.sha,
		"state": "open", "locked": false, "draft": false, "merged": false,
		"mergeable": nil, "merge_commit_sha": nil, "merged_at": nil, "merged_by": nil, "closed_at": nil,
		"title": pr.headCommit.subject(), "body": pr.headCommit.body(),
		"user": b.site.user(b.actor), "author_association": "OWNER",
		"created_at": now, "updated_at": now,
		"labels": []any{}, "assignees": []any{}, "requested_reviewers": []any{},
		"head": side(headName, pr.head.sha), "base": side(baseName, pr.base.sha),
	}
	if pr.files != nil {
		obj["changed_files"] = float64(len(pr.files))
	}
	return obj
}
