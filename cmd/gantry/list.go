package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/gantry-ci/gantry/expr"
	"github.com/gantry-ci/gantry/workflow"
	"github.com/gantry-ci/gantry/workflow/matrix"
)

// listRow is one job leg, as `gantry list --json` prints it.
type listRow struct {
	Workflow string         `json:"workflow"`
	Job      string         `json:"job"`
	Name     string         `json:"name"`
	Needs    []string       `json:"needs"`
	Matrix   map[string]any `json:"matrix"`
	Events   []string       `json:"events"`
	RunsOn   []string       `json:"runs-on"`
	// Deferred is true for a job whose matrix is computed at run time.
	Deferred bool `json:"matrix-deferred,omitempty"`
	// combo keeps the matrix in GitHub's key order for the table.
	combo matrix.Combination
}

func (c *Command) list(args []string) int {
	fs := c.newFlags("list")
	var r repoFlags
	r.register(fs)
	asJSON := fs.Bool("json", false, "print a JSON array, one object per job leg")
	rest, code, ok := c.parse(fs, "list", args)
	if !ok {
		return code
	}
	if len(rest) > 1 {
		fmt.Fprintf(c.Stderr, "gantry list: unexpected argument %q\n", rest[1])
		return ExitUsage
	}
	workflows, ok := c.load(&r, false, false, "")
	if !ok {
		return ExitFailure
	}
	if len(rest) == 1 {
		workflows = triggeredBy(workflows, rest[0])
	}
	plan, errs := workflow.NewPlan(workflows)
	for _, e := range errs {
		fmt.Fprintln(c.Stderr, e.Error())
	}
	if len(errs) > 0 {
		return ExitFailure
	}
	rows := listRows(plan)
	if *asJSON {
		c.writeJSON(rows)
		return ExitOK
	}
	c.printRows(rows)
	return ExitOK
}

// triggeredBy keeps the workflows that name event under `on:`. Ref and path
// filters need the event's details and are applied by `gantry run`.
func triggeredBy(workflows []*workflow.Workflow, event string) []*workflow.Workflow {
	var out []*workflow.Workflow
	for _, w := range workflows {
		for _, name := range w.EventNames() {
			if name == event {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

func listRows(plan *workflow.Plan) []listRow {
	rows := []listRow{}
	for _, wp := range plan.Workflows {
		for _, jp := range wp.Jobs {
			row := listRow{Workflow: wp.File, Job: jp.ID, Needs: jp.Needs, Events: wp.Events, RunsOn: jp.RunsOn, Matrix: map[string]any{}}
			if jp.MatrixDeferred {
				row.Name, row.Deferred = jp.Name, true
				rows = append(rows, row)
				continue
			}
			for _, leg := range jp.Legs {
				row.Name, row.Matrix, row.combo = leg.Name, leg.Matrix.Map(), leg.Matrix
				rows = append(rows, row)
			}
		}
	}
	return rows
}

func (c *Command) printRows(rows []listRow) {
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WORKFLOW\tJOB\tNAME\tNEEDS\tMATRIX\tEVENTS")
	for _, r := range rows {
		m := "-"
		switch {
		case r.Deferred:
			m = "(computed at run time)"
		case len(r.combo) > 0:
			pairs := make([]string, len(r.combo))
			for i, e := range r.combo {
				pairs[i] = e.Key + "=" + expr.ToString(e.Value)
			}
			m = strings.Join(pairs, " ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Workflow, r.Job, r.Name, orDash(strings.Join(r.Needs, ",")), m, strings.Join(r.Events, ","))
	}
	tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
