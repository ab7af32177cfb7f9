package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/gantry-ci/gantry/expr"
)

func (c *Command) eval(args []string) int {
	fs := c.newFlags("eval")
	contextFile := fs.String("context", "", "a JSON `FILE` mapping context names (github, env, matrix, steps, …) to values")
	status := fs.String("status", "success", "the job status seen by success(), failure() and cancelled(): success, failure or cancelled")
	workspace := fs.String("workspace", ".", "the `DIR` hashFiles() reads")
	rest, code, ok := c.parse(fs, "eval", args)
	if !ok {
		return code
	}
	if len(rest) != 1 {
		fmt.Fprintln(c.Stderr, "gantry eval: want exactly one EXPRESSION (quote it for the shell)")
		return ExitUsage
	}
	env := &expr.Env{Contexts: map[string]any{}}
	switch *status {
	case "success":
		env.Status = expr.StatusSuccess
	case "failure":
		env.Status = expr.StatusFailure
	case "cancelled":
		env.Status = expr.StatusCancelled
	default:
		fmt.Fprintf(c.Stderr, "gantry eval: unknown status %q; use success, failure or cancelled\n", *status)
		return ExitUsage
	}
	if *contextFile != "" {
		contexts, err := readContexts(*contextFile)
		if err != nil {
			fmt.Fprintf(c.Stderr, "gantry eval: %v\n", err)
			return ExitFailure
		}
		env.Contexts = contexts
	}
	dir := *workspace
	env.HashFiles = func(patterns []string) (string, error) { return expr.HashFiles(dir, patterns) }
	src := strings.TrimSpace(rest[0])
	if strings.HasPrefix(src, "${{") && strings.HasSuffix(src, "}}") {
		src = strings.TrimSpace(src[3 : len(src)-2])
	}
	prog, err := expr.Compile(src)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry eval: %v\n", err)
		return ExitFailure
	}
	v, err := prog.Eval(env)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry eval: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintln(c.Stdout, expr.ToJSON(v))
	return ExitOK
}

// readContexts reads the --context file: one JSON object whose keys are
// context names. Names are matched case-insensitively, as in expressions.
func readContexts(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read contexts: %w", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("read contexts %s: want a JSON object of contexts: %w", path, err)
	}
	contexts := make(map[string]any, len(raw))
	for k, v := range raw {
		contexts[strings.ToLower(k)] = v
	}
	return contexts, nil
}
