package event

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// zeroSHA is GitHub's "before" for a ref that did not exist.
const zeroSHA = "0000000000000000000000000000000000000000"

// maxCommits is how many commits a push payload lists, as GitHub's
// Actions payloads do ("a maximum of 20 commits"); the newest are kept.
const maxCommits = 20

// commit is what a push payload says about one commit.
type commit struct {
	id, tree, message             string
	parents                       []string
	authorName, authorEmail       string
	committerName, committerEmail string
	committerDate                 string // strict ISO 8601 with the offset
	added, removed, modified      []string
}

// logFormat separates records with RS, fields with US and ends the header
// with GS, bytes that do not occur in names, dates or (in practice)
// messages; with -z the file list that follows is NUL-separated.
const logFormat = "--format=%x1e%H%x1f%T%x1f%P%x1f%an%x1f%ae%x1f%cn%x1f%ce%x1f%cI%x1f%B%x1d"

// log lists up to max commits of revs, oldest first, with the files each
// changed against its first parent (a root commit adds all its files).
// Renames are split into a removal and an addition, as GitHub lists them.
func (g git) log(ctx context.Context, max int, revs ...string) ([]commit, error) {
	args := []string{"log", "-z", "--root", "--no-renames", "--diff-merges=first-parent",
		"--name-status", "--reverse", logFormat, "-n", strconv.Itoa(max), "--end-of-options"}
	out, err := g.run(ctx, "", append(append(args, revs...), "--")...)
	if err != nil {
		return nil, err
	}
	var commits []commit
	for _, rec := range strings.Split(out, "\x1e")[1:] {
		c, err := parseCommit(rec)
		if err != nil {
			return nil, err
		}
		commits = append(commits, c)
	}
	return commits, nil
}

func parseCommit(rec string) (commit, error) {
	header, files, ok := strings.Cut(rec, "\x1d")
	f := strings.SplitN(header, "\x1f", 9)
	if !ok || len(f) != 9 {
		return commit{}, fmt.Errorf("git log: unexpected output %.40q", rec)
	}
	c := commit{
		id: f[0], tree: f[1], parents: strings.Fields(f[2]),
		authorName: f[3], authorEmail: f[4],
		committerName: f[5], committerEmail: f[6], committerDate: f[7],
		// GitHub's message is the whole message without the final newline.
		message: strings.TrimRight(f[8], "\n"),
		added:   []string{}, removed: []string{}, modified: []string{},
	}
	tokens := strings.Split(strings.TrimLeft(files, "\x00\n"), "\x00")
	for i := 0; i+1 < len(tokens) && tokens[i] != ""; i += 2 {
		switch path := tokens[i+1]; strings.TrimSpace(tokens[i]) {
		case "A":
			c.added = append(c.added, path)
		case "D":
			c.removed = append(c.removed, path)
		default: // M, T (type change), U
			c.modified = append(c.modified, path)
		}
	}
	return c, nil
}

// files is every path the commit touched, for path filters.
func (c commit) files() []string {
	all := make([]string, 0, len(c.added)+len(c.removed)+len(c.modified))
	all = append(append(append(all, c.added...), c.removed...), c.modified...)
	slices.Sort(all) // the order git diff --name-only gives
	return all
}

// subject and body split the message as GitHub splits a PR's title and
// description when it proposes them from a single commit.
func (c commit) subject() string {
	s, _, _ := strings.Cut(c.message, "\n")
	return s
}

func (c commit) body() any {
	_, rest, _ := strings.Cut(c.message, "\n")
	if rest = strings.TrimSpace(rest); rest == "" {
		return nil
	}
	return rest
}

// changedFiles lists the paths that differ between two commits; spec is
// "from..to" or, for a pull request, "base...head" (from the merge base).
// The result is non-nil: an empty list means "nothing changed", which path
// filters treat differently from "unknown".
func (g git) changedFiles(ctx context.Context, spec string) ([]string, error) {
	out, err := g.run(ctx, "", "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--end-of-options", spec, "--")
	if err != nil {
		return nil, fmt.Errorf("event: changed files %s: %w", spec, err)
	}
	files := []string{}
	for _, f := range strings.Split(out, "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	return files, nil
}

// payload is the commit as a push payload's commits[] and head_commit.
func (c commit) payload(s site) map[string]any {
	return map[string]any{
		"id":       c.id,
		"tree_id":  c.tree,
		"distinct": true,
		"message":  c.message,
		// Which of git's two dates GitHub reports is not documented;
		// the committer date is the one that changes on rebase and
		// amend, as the pushed commit's timestamp does.
		"timestamp": c.committerDate,
		"url":       s.htmlURL() + "/commit/" + c.id,
		"author":    map[string]any{"name": c.authorName, "email": c.authorEmail},
		"committer": map[string]any{"name": c.committerName, "email": c.committerEmail},
		"added":     strings2any(c.added),
		"removed":   strings2any(c.removed),
		"modified":  strings2any(c.modified),
	}
}

func strings2any(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
