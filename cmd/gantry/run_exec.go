package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gantry-ci/gantry/executor/docker"
	"github.com/gantry-ci/gantry/runner"
)

// execute runs the configured run on the Docker engine and maps its
// outcome to an exit code.
func (c *Command) execute(ctx context.Context, cfg runner.Config, pull string) int {
	engine, err := docker.New(ctx)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry run: %v\n", err)
		return ExitFailure
	}
	defer engine.Close()
	reapOrphans(ctx, engine, func(msg string) { fmt.Fprintf(c.Stderr, "gantry: %s\n", msg) })
	res, err := runner.Run(ctx, cfg, docker.NewBackend(engine, docker.PullPolicy(pull)))
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry run: %v\n", err)
		return ExitFailure
	}
	if res.Artifacts > 0 {
		fmt.Fprintf(c.Stderr, "gantry: run %d kept %d artifact(s) in %s; see gantry artifacts list %d\n",
			cfg.RunID, res.Artifacts, filepath.Join(cfg.ArtifactDir, fmt.Sprint(cfg.RunID)), cfg.RunID)
	}
	switch {
	case res.Cancelled:
		fmt.Fprintln(c.Stderr, "gantry run: cancelled; the run's containers were removed")
		return ExitInterrupted
	case res.Failed():
		return ExitFailure
	}
	return ExitOK
}

// dryRun prints what would run and creates nothing.
func (c *Command) dryRun(cfg runner.Config) int {
	cfg.DryRun = true
	if _, err := runner.Run(context.Background(), cfg, nil); err != nil {
		fmt.Fprintf(c.Stderr, "gantry run: %v\n", err)
		return ExitFailure
	}
	return ExitOK
}

// reapOrphans removes the containers of gantry processes that were killed
// before they could (SIGKILL, a power cut) and says so in one line.
func reapOrphans(ctx context.Context, engine *docker.Engine, say func(string)) {
	names, err := engine.Reap(ctx)
	if len(names) > 0 {
		say(fmt.Sprintf("removed %d container(s) left by gantry runs that ended without cleaning up: %s",
			len(names), strings.Join(names, ", ")))
	}
	if err != nil {
		say(fmt.Sprintf("removing containers left by earlier runs: %v", err))
	}
}
