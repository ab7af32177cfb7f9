package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/gantry-ci/gantry/workflow"
)

// repoFlags are the flags every command that reads workflows shares.
type repoFlags struct {
	dir       string
	workflows string
}

func (r *repoFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.dir, "C", ".", "the repository `DIR`")
	fs.StringVar(&r.workflows, "W", ".github/workflows", "a workflow file or directory (`PATH`), relative to -C")
}

// path is the workflow file or directory; relative paths are taken from
// the repository, as `git -C` and `make -C` do.
func (r *repoFlags) path() string {
	if filepath.IsAbs(r.workflows) {
		return r.workflows
	}
	return filepath.Join(r.dir, r.workflows)
}

// load reads the workflows and prints every problem in them. ok is false
// when anything is wrong, and the caller should exit with ExitFailure.
func (c *Command) load(r *repoFlags, asJSON bool) (workflows []*workflow.Workflow, ok bool) {
	workflows, errs, err := workflow.Load(r.path())
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry: %v\n", err)
		return nil, false
	}
	if len(errs) == 0 {
		return workflows, true
	}
	if asJSON {
		c.writeJSON(errs)
	} else {
		for _, e := range errs {
			fmt.Fprintln(c.Stderr, e.Error())
		}
	}
	return workflows, false
}

func (c *Command) writeJSON(v any) {
	enc := json.NewEncoder(c.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(c.Stderr, "gantry: write JSON: %v\n", err)
	}
}
