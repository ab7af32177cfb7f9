package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/gantry-ci/gantry/executor/artifact"
)

// artifacts is `gantry artifacts list [RUN]` and `gantry artifacts get RUN
// NAME DIR`: the artifacts runs kept, for a user to fetch.
func (c *Command) artifacts(args []string) int {
	fs := c.newFlags("artifacts")
	dir := fs.String("artifact-dir", defaultCacheDir("artifacts"), "where runs keep their artifacts (`DIR`)")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, code, ok := c.parse(fs, "artifacts", args)
	if !ok {
		return code
	}
	if len(rest) == 0 {
		fmt.Fprintln(c.Stderr, "gantry artifacts: want list [RUN] or get RUN NAME DIR")
		return ExitUsage
	}
	switch {
	case rest[0] == "list" && len(rest) <= 2:
		return c.listArtifacts(*dir, rest[1:], *asJSON)
	case rest[0] == "get" && len(rest) == 4:
		return c.getArtifact(*dir, rest[1], rest[2], rest[3])
	}
	fmt.Fprintln(c.Stderr, "gantry artifacts: want list [RUN] or get RUN NAME DIR")
	return ExitUsage
}

func (c *Command) listArtifacts(dir string, run []string, asJSON bool) int {
	runs, err := artifact.Runs(dir)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry artifacts: %v\n", err)
		return ExitFailure
	}
	if len(run) == 1 {
		id, err := strconv.ParseInt(run[0], 10, 64)
		if err != nil {
			fmt.Fprintf(c.Stderr, "gantry artifacts: run %q is not a run id\n", run[0])
			return ExitUsage
		}
		runs = []int64{id}
	}
	type row struct {
		Run int64 `json:"run"`
		*artifact.Artifact
	}
	rows := []row{}
	for _, id := range runs {
		store, err := artifact.OpenStore(dir, id)
		if err != nil {
			fmt.Fprintf(c.Stderr, "gantry artifacts: %v\n", err)
			return ExitFailure
		}
		list, err := store.List()
		if err != nil {
			fmt.Fprintf(c.Stderr, "gantry artifacts: run %d: %v\n", id, err)
			return ExitFailure
		}
		for _, a := range list {
			rows = append(rows, row{Run: id, Artifact: a})
		}
	}
	if asJSON {
		c.writeJSON(rows)
		return ExitOK
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tID\tNAME\tSIZE\tDIGEST\tCREATED")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%d\tsha256:%s\t%s\n", r.Run, r.ID, r.Name, r.Size, r.Digest, r.Created.Format(time.RFC3339))
	}
	tw.Flush()
	return ExitOK
}

func (c *Command) getArtifact(dir, run, name, dest string) int {
	id, err := strconv.ParseInt(run, 10, 64)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry artifacts: run %q is not a run id\n", run)
		return ExitUsage
	}
	store, err := artifact.OpenStore(dir, id)
	if err == nil {
		err = store.Extract(context.Background(), name, dest)
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry artifacts: run %d: %v\n", id, err)
		return ExitFailure
	}
	fmt.Fprintf(c.Stdout, "artifact %s of run %d extracted into %s\n", name, id, dest)
	return ExitOK
}
