package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/gantry-ci/gantry/workflow"
)

func (c *Command) graph(args []string) int {
	fs := c.newFlags("graph")
	var r repoFlags
	r.register(fs)
	format := fs.String("format", "text", "output `format`: text, dot or mermaid")
	rest, code, ok := c.parse(fs, "graph", args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(c.Stderr, "gantry graph: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	write, known := map[string]func(io.Writer, []*workflow.Workflow){
		"text": writeGraphText, "dot": writeGraphDot, "mermaid": writeGraphMermaid,
	}[*format]
	if !known {
		fmt.Fprintf(c.Stderr, "gantry graph: unknown format %q; use text, dot or mermaid\n", *format)
		return ExitUsage
	}
	workflows, ok := c.load(&r, false, false, "")
	if !ok {
		return ExitFailure
	}
	write(c.Stdout, workflows)
	return ExitOK
}

// edges calls fn for each job of w in dependency order with what it needs.
func edges(w *workflow.Workflow, fn func(job string, needs []string)) {
	g, _ := workflow.NewGraph(w)
	for _, id := range g.Order() {
		fn(id, g.Needs(id))
	}
}

func writeGraphText(out io.Writer, workflows []*workflow.Workflow) {
	for i, w := range workflows {
		if i > 0 {
			fmt.Fprintln(out)
		}
		fmt.Fprintf(out, "%s (%s)\n", w.DisplayName(), w.File)
		edges(w, func(job string, needs []string) {
			if len(needs) == 0 {
				fmt.Fprintf(out, "  %s\n", job)
				return
			}
			fmt.Fprintf(out, "  %s <- %s\n", job, strings.Join(needs, ", "))
		})
	}
}

func writeGraphDot(out io.Writer, workflows []*workflow.Workflow) {
	fmt.Fprintln(out, "digraph gantry {")
	fmt.Fprintln(out, "  rankdir=LR;")
	for i, w := range workflows {
		fmt.Fprintf(out, "  subgraph cluster_%d {\n    label=%s;\n", i, dotQuote(w.DisplayName()))
		edges(w, func(job string, needs []string) {
			id := dotQuote(fmt.Sprintf("%d/%s", i, job))
			fmt.Fprintf(out, "    %s [label=%s];\n", id, dotQuote(job))
			for _, n := range needs {
				fmt.Fprintf(out, "    %s -> %s;\n", dotQuote(fmt.Sprintf("%d/%s", i, n)), id)
			}
		})
		fmt.Fprintln(out, "  }")
	}
	fmt.Fprintln(out, "}")
}

func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func writeGraphMermaid(out io.Writer, workflows []*workflow.Workflow) {
	fmt.Fprintln(out, "flowchart LR")
	for i, w := range workflows {
		fmt.Fprintf(out, "  subgraph w%d[%s]\n", i, mermaidQuote(w.DisplayName()))
		edges(w, func(job string, needs []string) {
			id := mermaidID(i, job)
			fmt.Fprintf(out, "    %s[%s]\n", id, mermaidQuote(job))
			for _, n := range needs {
				fmt.Fprintf(out, "    %s --> %s\n", mermaidID(i, n), id)
			}
		})
		fmt.Fprintln(out, "  end")
	}
}

// mermaidID makes a node id Mermaid accepts: job ids may hold '-', which
// Mermaid reads as part of an arrow.
func mermaidID(workflow int, job string) string {
	return fmt.Sprintf("w%d_%s", workflow, strings.ReplaceAll(job, "-", "_h_"))
}

func mermaidQuote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, "#quot;") + `"`
}
