package actions

import (
	"context"

	"github.com/gantry-ci/gantry/executor/gitcli"
)

// git runs git in dir and returns its trimmed output.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	return gitcli.Output(ctx, dir, args...)
}
