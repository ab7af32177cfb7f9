package event

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// git runs the git CLI against one repository. The real CLI, rather than a
// Go reimplementation, keeps gantry's view of the repository identical to
// the user's own (worktrees, alternates, partial clones, hooks' repos).
type git struct {
	dir string
	env []string
}

// repoVariables point git at a repository other than the one in -C. A run
// started from inside a git hook or a wrapper script inherits them, and
// Options.Dir must win, so they are dropped from the child's environment.
var repoVariables = []string{
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
	"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX",
}

func newGit(dir string) git {
	env := make([]string, 0, len(os.Environ())+3)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(repoVariables, name) && name != "LC_ALL" {
			env = append(env, kv)
		}
	}
	// LC_ALL=C keeps git's messages in English, so "not a git repository"
	// can be recognised; the rest stop git from prompting or taking the
	// index lock while the user works in the same tree.
	env = append(env, "LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
	return git{dir: dir, env: env}
}

// gitError is a failed git command: its exit code and first line of stderr.
type gitError struct {
	args []string
	code int
	msg  string
}

func (e *gitError) Error() string {
	if e.msg == "" {
		return fmt.Sprintf("git %s: exit status %d", strings.Join(e.args, " "), e.code)
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), e.msg)
}

// exitCode is the exit status of a failed git command, or -1 when err is
// not a git exit (git missing, context cancelled).
func exitCode(err error) int {
	var ge *gitError
	if errors.As(err, &ge) {
		return ge.code
	}
	return -1
}

// run runs git with args and returns its stdout. The -c settings undo
// user configuration that would change the output this package parses.
func (g git) run(ctx context.Context, stdin string, args ...string) (string, error) {
	full := append([]string{
		"-C", g.dir,
		"-c", "core.quotePath=false", "-c", "color.ui=false",
		"-c", "log.showSignature=false", "-c", "diff.noprefix=false",
	}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Env = g.env
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.String(), nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return "", ctxErr
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return "", fmt.Errorf("run git: %w", err)
	}
	msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
	return "", &gitError{args: args, code: ee.ExitCode(), msg: strings.TrimPrefix(msg, "fatal: ")}
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
	var ge *gitError
	if errors.As(err, &ge) && strings.Contains(ge.msg, "not a git repository") {
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
	if exitCode(err) == 1 {
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
	if exitCode(err) == 1 {
		return "", fmt.Errorf("%w %q in the repository", errNoCommit, rev)
	}
	return sha, err
}

// config reads the settings this package uses in one process; missing
// keys are simply absent from the map.
func (g git) config(ctx context.Context) (map[string]string, error) {
	out, err := g.run(ctx, "", "config", "-z", "--get-regexp", `^(remote\.origin\.url|user\.name|user\.email)$`)
	if exitCode(err) == 1 { // no key matched
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
