package main

import (
	"fmt"

	"github.com/gantry-ci/gantry/workflow"
)

func (c *Command) validate(args []string) int {
	fs := c.newFlags("validate")
	var r repoFlags
	r.register(fs)
	asJSON := fs.Bool("json", false, "print the problems as a JSON array")
	rest, code, ok := c.parse(fs, "validate", args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(c.Stderr, "gantry validate: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	workflows, ok := c.load(&r, *asJSON, true, "")
	if !ok {
		return ExitFailure
	}
	if *asJSON {
		c.writeJSON([]*workflow.Error{})
		return ExitOK
	}
	for _, w := range workflows {
		fmt.Fprintf(c.Stdout, "%s: ok (%d jobs)\n", w.File, len(w.Jobs))
	}
	return ExitOK
}
