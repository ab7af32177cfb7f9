package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Exit codes, the same for every sub-command.
const (
	ExitOK      = 0 // everything valid, or every job succeeded
	ExitFailure = 1 // invalid input or a failed job
	ExitUsage   = 2 // bad flags or arguments
)

// Command is the gantry CLI with its streams, so tests can run it in process.
type Command struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// subcommand is one `gantry X`.
type subcommand struct {
	summary string
	usage   string // the line after "usage: gantry "
	run     func(c *Command, args []string) int
}

func subcommands() map[string]subcommand {
	return map[string]subcommand{
		"validate":    {"check workflow files and report every problem", "validate [-C DIR] [-W PATH] [--json]", (*Command).validate},
		"list":        {"list the jobs (one row per matrix leg) an event would run", "list [EVENT] [-C DIR] [-W PATH] [--json]", (*Command).list},
		"plan":        {"print the plan an event would run: workflows, jobs, legs, steps, and what its filters skipped", "plan [EVENT] [-C DIR] [-W PATH] [--ref REF] [--sha SHA] [-e FILE] [--json]", (*Command).plan},
		"graph":       {"print the job dependency graph", "graph [-C DIR] [-W PATH] [--format text|dot|mermaid]", (*Command).graph},
		"run":         {"run the workflows an event triggers, in Docker containers", "run [EVENT] [-C DIR] [-W PATH] [flags]", (*Command).run},
		"attestation": {"verify the build provenance attestation of a pushed image", "attestation verify IMAGE@DIGEST [--key FILE] [--registry-map FROM=TO]", (*Command).attestation},
		"artifacts":   {"list the artifacts runs kept, or extract one", "artifacts list [RUN] | get RUN NAME DIR [--artifact-dir DIR]", (*Command).artifacts},
		"eval":        {"evaluate one ${{ }} expression against contexts from a JSON file", "eval [--context FILE] EXPRESSION", (*Command).eval},
		"serve":       {"run a private runner daemon: webhooks and local pushes in, queued runs, logs and artifacts out", "serve [--config FILE] [--listen HOST:PORT] [--repo PATH] [flags]", (*Command).serve},
		"trigger":     {"report a post-receive hook's pushes to gantry serve", "trigger [--server URL] [--repo PATH] < old-new-ref lines", (*Command).trigger},
	}
}

// Main runs the CLI with args (without the program name) and returns the
// process exit code.
func (c *Command) Main(args []string) int {
	if len(args) == 0 {
		c.usage(c.Stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help", "help":
		c.usage(c.Stdout)
		return ExitOK
	}
	sub, ok := subcommands()[name]
	if !ok {
		fmt.Fprintf(c.Stderr, "gantry: unknown command %q; run 'gantry help' for the list\n", name)
		return ExitUsage
	}
	return sub.run(c, args[1:])
}

func (c *Command) usage(w io.Writer) {
	fmt.Fprintln(w, "gantry runs GitHub Actions workflows on your own machines, with a Docker engine.")
	fmt.Fprintln(w, "\nusage: gantry COMMAND [flags]\n\ncommands:")
	cmds := subcommands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'gantry COMMAND --help' for a command's flags.")
}

// newFlags makes the flag set of a sub-command; its usage prints to stdout
// for --help and to stderr for a mistake.
func (c *Command) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("gantry "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags that may come before or after positional arguments
// (`gantry list push --json`), and handles --help. It returns the positional
// arguments, or an exit code when the command should stop.
func (c *Command) parse(fs *flag.FlagSet, name string, args []string) ([]string, int, bool) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.commandHelp(c.Stdout, fs, name)
				return nil, ExitOK, false
			}
			fmt.Fprintf(c.Stderr, "gantry %s: %v\n", name, err)
			c.commandHelp(c.Stderr, fs, name)
			return nil, ExitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, 0, true
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func (c *Command) commandHelp(w io.Writer, fs *flag.FlagSet, name string) {
	sub := subcommands()[name]
	fmt.Fprintf(w, "usage: gantry %s\n\n%s.\n\nflags:\n", sub.usage, capitalize(sub.summary))
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
