package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gantry-ci/gantry/runner"
	"github.com/gantry-ci/gantry/runner/event"
	"github.com/gantry-ci/gantry/workflow"
)

// planOutput is what `gantry plan --json` prints: the event as the filters
// see it, and the plan.
type planOutput struct {
	Event   string           `json:"event"`
	Ref     string           `json:"ref"`
	SHA     string           `json:"sha"`
	Trigger workflow.Trigger `json:"trigger"`
	// Images is the image each job runs in, by "file:job": its
	// container.image, or the image its first mapped runs-on label maps
	// to; "" when no label maps to one (the run would fail there).
	Images map[string]string `json:"images"`
	*workflow.Plan
}

func (c *Command) plan(args []string) int {
	fs := c.newFlags("plan")
	var r repoFlags
	r.register(fs)
	ref := fs.String("ref", "", "the `REF` the event is for (branch, tag or full ref; default: the current branch)")
	sha := fs.String("sha", "", "the commit `SHA` (default: what the ref points to)")
	eventFile := fs.String("e", "", "a JSON event payload `FILE` whose fields take precedence")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	var mapped multiFlag
	fs.Var(&mapped, "P", "map a runs-on label to an image, `LABEL=IMAGE` (repeatable)")
	rest, code, ok := c.parse(fs, "plan", args)
	if !ok {
		return code
	}
	eventName, ok := c.eventArg("plan", rest)
	if !ok {
		return ExitUsage
	}
	extra, err := keyValues(mapped, "=", false, os.LookupEnv)
	if err != nil {
		c.usageError("plan", fmt.Errorf("-P: %w", err))
		return ExitUsage
	}
	platforms := merge(runner.DefaultPlatforms(), extra)
	workflows, ok := c.load(&r, false, false, "")
	if !ok {
		return ExitFailure
	}
	payload, err := readPayload(*eventFile)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry plan: %v\n", err)
		return ExitFailure
	}
	ev, err := event.Synthesize(context.Background(), event.Options{Dir: r.dir, Event: eventName, Ref: *ref, SHA: *sha, Payload: payload})
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry plan: %v\n", err)
		return ExitFailure
	}
	trig := runner.Trigger(ev)
	plan, errs := workflow.PlanEvent(workflows, trig)
	for _, e := range errs {
		fmt.Fprintln(c.Stderr, e.Error())
	}
	if len(errs) > 0 {
		return ExitFailure
	}
	images := map[string]string{}
	for _, wp := range plan.Workflows {
		for _, jp := range wp.Jobs {
			// Unevaluated: a label that is an expression maps to nothing.
			ji, _ := runner.ImageFor(jp.Job, platforms, func(s string) (string, error) { return s, nil })
			images[wp.File+":"+jp.ID] = ji.Image
		}
	}
	if *asJSON {
		c.writeJSON(planOutput{Event: ev.Name, Ref: ev.Ref, SHA: ev.SHA, Trigger: trig, Images: images, Plan: plan})
		return ExitOK
	}
	printPlan(c.Stdout, ev, plan, images)
	return ExitOK
}

// printPlan writes the plan as an indented outline, for people.
func printPlan(w io.Writer, ev *event.Event, plan *workflow.Plan, images map[string]string) {
	fmt.Fprintf(w, "%s on %s at %s\n", ev.Name, ev.Ref, ev.SHA)
	for _, wp := range plan.Workflows {
		fmt.Fprintf(w, "\n%s (%s)\n", wp.Name, wp.File)
		for _, jp := range wp.Jobs {
			head := "  job " + jp.ID
			if jp.Name != jp.ID {
				head += fmt.Sprintf(" %q", jp.Name)
			}
			head += " runs-on " + strings.Join(jp.RunsOn, ", ")
			if img := images[wp.File+":"+jp.ID]; img != "" {
				head += " (" + img + ")"
			} else {
				head += " (no image: map one with -P LABEL=IMAGE)"
			}
			if len(jp.Needs) > 0 {
				head += " after " + strings.Join(jp.Needs, ", ")
			}
			fmt.Fprintln(w, head)
			if jp.MatrixDeferred {
				fmt.Fprintln(w, "    legs: the matrix is computed at run time")
			} else if len(jp.Legs) > 1 || len(jp.Legs) == 1 && len(jp.Legs[0].Matrix) > 0 {
				for _, l := range jp.Legs {
					fmt.Fprintf(w, "    leg %s\n", l.Name)
				}
			}
			for _, s := range jp.Steps {
				line := "    step " + s.Name
				if s.Uses != "" {
					line += fmt.Sprintf(" [%s action]", s.Kind)
				}
				if s.If != "" {
					line += " if " + s.If
				}
				fmt.Fprintln(w, line)
			}
		}
	}
	if len(plan.Workflows) == 0 {
		fmt.Fprintln(w, "\nno workflow is triggered")
	}
	for _, s := range plan.Skipped {
		fmt.Fprintf(w, "\nskipped %s: %s\n", s.File, s.Reason)
	}
}
