// Package gitcli runs the git CLI, with one rule for its environment and
// one form for its errors, for everything in gantry that reads or writes a
// repository: the event synthesised from a checkout, actions/checkout, and
// the daemon's workspaces. The real CLI, rather than a Go reimplementation,
// keeps gantry's view of a repository identical to the user's own
// (worktrees, alternates, partial clones).
package gitcli

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

// repoVariables point git at a repository other than the one asked for. A
// run started from inside a git hook or a wrapper script inherits them, and
// the directory given must win, so they are dropped.
var repoVariables = []string{
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
	"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX",
}

// Env is git's environment: this process's, without the variables that
// redirect git, with LC_ALL=C (messages in English, so they can be
// recognised), no credential prompts, and no optional index lock while the
// user works in the same tree.
func Env() []string {
	env := make([]string, 0, len(os.Environ())+3)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(repoVariables, name) && name != "LC_ALL" {
			env = append(env, kv)
		}
	}
	return append(env, "LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
}

// Error is a git command that exited non-zero.
type Error struct {
	Args []string
	Code int
	Msg  string // what git said went wrong: the last line of stderr, "fatal: " dropped
}

func (e *Error) Error() string {
	if e.Msg == "" {
		return fmt.Sprintf("git %s: exit status %d", strings.Join(e.Args, " "), e.Code)
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.Args, " "), e.Msg)
}

// ExitCode is the exit status of a failed git command, or -1 when err is
// not a git exit (git missing, context cancelled).
func ExitCode(err error) int {
	var ge *Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return -1
}

// Run runs git with args in dir ("" for the current directory), with stdin
// when it is not empty, and returns its standard output as it is. When ctx
// ends first, the error is ctx.Err().
func Run(ctx context.Context, dir, stdin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = Env()
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
	msg := strings.TrimSpace(stderr.String())
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		msg = msg[i+1:] // hints come first; the last line says what went wrong
	}
	return "", &Error{Args: args, Code: ee.ExitCode(), Msg: strings.TrimPrefix(msg, "fatal: ")}
}

// Output is Run without stdin, its output trimmed.
func Output(ctx context.Context, dir string, args ...string) (string, error) {
	out, err := Run(ctx, dir, "", args...)
	return strings.TrimSpace(out), err
}
