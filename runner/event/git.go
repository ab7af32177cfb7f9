package event

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/gantry-ci/gantry/executor/gitcli"
)

// git runs the git CLI against one repository (see gitcli).
type git struct{ dir string }

// run runs git with args and returns its stdout. The -c settings undo
// user configuration that would change the output this package parses.
func (g git) run(ctx context.Context, stdin string, args ...string) (string, error) {
	full := append([]string{
		"-c", "core.quotePath=false", "-c", "color.ui=false",
		"-c", "log.showSignature=false", "-c", "diff.noprefix=false",
	}, args...)
	out, err := gitcli.Run(ctx, g.dir, stdin, full...)
	var ge *gitcli.Error
	if errors.As(err, &ge) {
		ge.Args = args // the message names the command, not our -c settings
	}
	return out, err
}

// line runs git and returns the first line of its output, trimmed.
func (g git) line(ctx context.Context, args ...string) (string, error) {
	out, err := g.run(ctx, "", args...)
	first, _, _ := strings.Cut(out, "\n")
	return strings.TrimSpace(first), err
}

// toplevel returns the root of the work tree, or the one-line error a user
// gets for pointing gantry at something that is not a repository.
func (g git) toplevel(ctx context.Context) (string, error) {
	if fi, err := os.Stat(g.dir); err != nil {
		return "", fmt.Errorf("event: %w", err)
	} else if !fi.IsDir() {
		return "", fmt.Errorf("event: %s is not a directory", g.dir)
	}
	top, err := g.line(ctx, "rev-parse", "--show-toplevel")
	var ge *gitcli.Error
	if errors.As(err, &ge) && strings.Contains(ge.Msg, "not a git repository") {
		return "", fmt.Errorf("event: %s is not a git repository (gantry needs the repository's history to build the event)", g.dir)
	}
	if err != nil {
		return "", fmt.Errorf("event: find the repository: %w", err)
	}
	if top == "" {
		// A bare repository has no work tree to run workflows from.
		return "", fmt.Errorf("event: %s has no work tree", g.dir)
	}
	return top, nil
}

// currentBranch is the branch HEAD is on, or "" when HEAD is detached.
func (g git) currentBranch(ctx context.Context) (string, error) {
	ref, err := g.line(ctx, "symbolic-ref", "-q", "HEAD")
	if gitcli.ExitCode(err) == 1 {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("event: read HEAD: %w", err)
	}
	return strings.TrimPrefix(ref, "refs/heads/"), nil
}

// errNoCommit is a revision that names no commit.
var errNoCommit = errors.New("no commit")

// commit resolves rev to a full commit id.
func (g git) commit(ctx context.Context, rev string) (string, error) {
	sha, err := g.line(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if gitcli.ExitCode(err) == 1 {
		return "", fmt.Errorf("%w %q in the repository", errNoCommit, rev)
	}
	return sha, err
}

// config reads the settings this package uses in one process; missing
// keys are simply absent from the map.
func (g git) config(ctx context.Context) (map[string]string, error) {
	out, err := g.run(ctx, "", "config", "-z", "--get-regexp", `^(remote\.origin\.url|user\.name|user\.email)$`)
	if gitcli.ExitCode(err) == 1 { // no key matched
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("event: read git config: %w", err)
	}
	cfg := map[string]string{}
	for _, entry := range strings.Split(out, "\x00") {
		// With -z each entry is "key\nvalue". Git uses the last
		// user.name it reads, but a remote's first url is its fetch URL.
		key, value, _ := strings.Cut(entry, "\n")
		if _, seen := cfg[key]; key != "" && !(seen && key == "remote.origin.url") {
			cfg[key] = value
		}
	}
	return cfg, nil
}
