package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/gantry-ci/gantry/executor/actions"
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
// With runnable, a `uses:` gantry cannot run is a problem too, in the jobs
// that would run (job and what it needs, or all); list and graph look at
// the structure only.
func (c *Command) load(r *repoFlags, asJSON, runnable bool, job string) (workflows []*workflow.Workflow, ok bool) {
	workflows, errs, err := workflow.Load(r.path())
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry: %v\n", err)
		return nil, false
	}
	if runnable && len(errs) == 0 {
		builtin := actions.Builtin()
		isBuiltin := func(uses string) bool { _, ok := builtin.Lookup(uses); return ok }
		for _, w := range workflows {
			errs = append(errs, workflow.CheckUses(selected(w, job), isBuiltin, builtin.Names(), r.dir)...)
		}
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

// selected is w with only job and the jobs it needs, or w itself.
func selected(w *workflow.Workflow, job string) *workflow.Workflow {
	if job == "" || w.Job(job) == nil {
		return w
	}
	g, _ := workflow.NewGraph(w)
	keep := *w
	keep.Jobs = nil
	for _, id := range g.Closure(job) {
		keep.Jobs = append(keep.Jobs, w.Job(id))
	}
	return &keep
}
