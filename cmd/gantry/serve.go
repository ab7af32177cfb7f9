package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/gantry-ci/gantry/executor/docker"
	"github.com/gantry-ci/gantry/runner/serve"
)

// serveFlags are `gantry serve`'s flags; each one set overrides the config file.
type serveFlags struct {
	config, listen, data, token, secret, pull string
	capacity                                  int
	shutdown, poll                            time.Duration
	repos, platforms                          multiFlag
	installHooks, verbose                     bool
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "the YAML config `FILE`")
	fs.StringVar(&f.listen, "listen", serve.DefaultListen, "the `HOST:PORT` to listen on; off loopback, a token is required")
	fs.StringVar(&f.data, "data", defaultCacheDir("serve"), "the data `DIR` (run store, logs, artifacts, workspaces)")
	fs.IntVar(&f.capacity, "capacity", 1, "runs at once; the others wait in the queue")
	fs.StringVar(&f.token, "token", "", "the `TOKEN` the API and page require (Authorization: Bearer or ?token=)")
	fs.StringVar(&f.secret, "webhook-secret", "", "the webhook `SECRET` X-Hub-Signature-256 is checked with (better in the config file)")
	fs.DurationVar(&f.shutdown, "shutdown-timeout", 10*time.Minute, "on SIGTERM, how long running runs may finish before they are cancelled")
	fs.DurationVar(&f.poll, "poll-interval", 5*time.Second, "how often watched repositories' refs are read")
	fs.Var(&f.repos, "repo", "watch the local (bare) repository `PATH` and run its pushes (repeatable)")
	fs.Var(&f.platforms, "P", "map a runs-on label to an image, `LABEL=IMAGE` (repeatable)")
	fs.StringVar(&f.pull, "pull", "missing", "when to pull job images: always, missing or never")
	fs.BoolVar(&f.installHooks, "install-hooks", false, "also install a post-receive hook calling gantry trigger in each --repo")
	fs.BoolVar(&f.verbose, "v", false, "debug output")
}

func (c *Command) serve(args []string) int {
	fs := c.newFlags("serve")
	var f serveFlags
	f.register(fs)
	rest, code, ok := c.parse(fs, "serve", args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(c.Stderr, "gantry serve: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	cfg, err := serveConfig(fs, &f)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry serve: %v\n", err)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := c.runDaemon(ctx, cfg, &f); err != nil {
		fmt.Fprintf(c.Stderr, "gantry serve: %v\n", err)
		return ExitFailure
	}
	return ExitOK
}

// serveConfig reads the config file and lays the flags that were set over it.
func serveConfig(fs *flag.FlagSet, f *serveFlags) (serve.Config, error) {
	var cfg serve.Config
	if f.config != "" {
		var err error
		if cfg, err = serve.LoadConfig(f.config); err != nil {
			return cfg, err
		}
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	pick := func(name string, apply func()) {
		if set[name] || f.config == "" {
			apply()
		}
	}
	pick("listen", func() { cfg.Listen = f.listen })
	pick("data", func() { cfg.DataDir = f.data })
	pick("capacity", func() { cfg.Capacity = f.capacity })
	pick("shutdown-timeout", func() { cfg.ShutdownTimeout = f.shutdown })
	pick("poll-interval", func() { cfg.PollInterval = f.poll })
	pick("pull", func() { cfg.Pull = f.pull })
	if cfg.DataDir == "" {
		cfg.DataDir = f.data
	}
	if set["token"] {
		cfg.Token = f.token
	}
	if set["webhook-secret"] {
		cfg.WebhookSecret = f.secret
	}
	platforms, err := platformFlags(f.platforms, "-P")
	if err != nil {
		return cfg, err
	}
	if len(platforms) > 0 && cfg.Platforms == nil {
		cfg.Platforms = map[string]string{}
	}
	for k, v := range platforms {
		cfg.Platforms[k] = v
	}
	for _, p := range f.repos {
		abs, err := filepath.Abs(p)
		if err != nil {
			return cfg, err
		}
		cfg.Repositories = append(cfg.Repositories, serve.Repository{Path: abs, Watch: true})
	}
	cfg.Defaults()
	return cfg, cfg.Validate()
}

func platformFlags(list []string, flagName string) (map[string]string, error) {
	m := map[string]string{}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%s %q: want LABEL=IMAGE", flagName, kv)
		}
		m[k] = v
	}
	return m, nil
}

// runDaemon connects to the Docker engine and serves until ctx ends.
func (c *Command) runDaemon(ctx context.Context, cfg serve.Config, f *serveFlags) error {
	level := hclog.Info
	if f.verbose {
		level = hclog.Debug
	}
	log := hclog.New(&hclog.LoggerOptions{Name: "gantry-serve", Level: level, Output: c.Stderr})
	engine, err := docker.New(ctx)
	if err != nil {
		return err
	}
	defer engine.Close()
	reapOrphans(ctx, engine, func(msg string) { log.Warn(msg) })
	s, err := serve.New(cfg, docker.NewBackend(engine, docker.PullPolicy(cfg.Pull)), log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if f.installHooks {
		if err := installHooks(f.repos, "http://"+ln.Addr().String()); err != nil {
			return err
		}
	}
	log.Info("serving", "url", "http://"+ln.Addr().String(), "data", cfg.DataDir, "capacity", cfg.Capacity)
	return s.Serve(ctx, ln)
}

// installHooks writes a post-receive hook into each repository that
// reports its pushes to the daemon at url. The hook holds no token: on
// loopback the API needs none, and a token in a hook file would leak.
func installHooks(repos []string, url string) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("install hooks: %w", err)
	}
	for _, repo := range repos {
		abs, err := filepath.Abs(repo)
		if err != nil {
			return fmt.Errorf("install hooks: %w", err)
		}
		hook := filepath.Join(abs, "hooks", "post-receive")
		if filepath.Base(abs) == ".git" || !isBareRepo(abs) {
			hook = filepath.Join(abs, ".git", "hooks", "post-receive")
		}
		script := fmt.Sprintf("#!/bin/sh\n# installed by gantry serve --install-hooks\nexec %s trigger --server %s --repo %s\n",
			hookQuote(self), hookQuote(url), hookQuote(abs))
		if err := os.WriteFile(hook, []byte(script), 0o755); err != nil {
			return fmt.Errorf("install hooks: %w", err)
		}
	}
	return nil
}

func isBareRepo(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "HEAD"))
	return err == nil
}

func hookQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
