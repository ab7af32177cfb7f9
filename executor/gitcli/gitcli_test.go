package gitcli

import (
	"context"
	"strings"
	"testing"
)

// A run started from a git hook inherits GIT_DIR; the directory asked for
// must still win.
func TestRunIgnoresInheritedRepositoryVariables(t *testing.T) {
	repo := t.TempDir()
	if _, err := Output(context.Background(), repo, "init", "-q", "-b", "main"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_DIR", t.TempDir())
	top, err := Output(context.Background(), repo, "rev-parse", "--show-toplevel")
	if err != nil || !strings.HasSuffix(top, repo) {
		t.Errorf("rev-parse --show-toplevel = %q, %v; want %s", top, err, repo)
	}
	for _, kv := range Env() {
		if strings.HasPrefix(kv, "GIT_DIR=") {
			t.Errorf("Env() keeps %s", kv)
		}
	}
}

func TestRunError(t *testing.T) {
	_, err := Output(context.Background(), t.TempDir(), "rev-parse", "HEAD")
	if ExitCode(err) != 128 || !strings.HasPrefix(err.Error(), "git rev-parse HEAD: not a git repository") {
		t.Errorf("err = %v (exit %d)", err, ExitCode(err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Output(ctx, t.TempDir(), "version"); err != context.Canceled {
		t.Errorf("cancelled: err = %v", err)
	}
}
