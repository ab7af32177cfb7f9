package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's CLI reference from the commands' help")

// TestReadmeReference keeps the README's CLI reference equal to what the
// commands print for --help. Run with -update-readme to regenerate it.
func TestReadmeReference(t *testing.T) {
	const path = "../../README.md"
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := helpReference(t)
	block := regexp.MustCompile(`(?s)<!-- help:gantry -->\n.*?<!-- /help -->`)
	if !block.Match(readme) {
		t.Fatal("README.md has no <!-- help:gantry --> … <!-- /help --> block")
	}
	updated := block.ReplaceAllLiteral(readme, []byte(want))
	if string(updated) == string(readme) {
		return
	}
	if *updateReadme {
		if err := os.WriteFile(path, updated, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's CLI reference is out of date; run: go test ./cmd/gantry -run TestReadmeReference -update-readme")
}

func helpReference(t *testing.T) string {
	var b strings.Builder
	b.WriteString("<!-- help:gantry -->\n")
	_, top, _ := run(t, "--help")
	fmt.Fprintf(&b, "```text\n$ gantry --help\n%s```\n", top)
	names := make([]string, 0)
	for n := range subcommands() {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		_, out, _ := run(t, n, "--help")
		fmt.Fprintf(&b, "\n### gantry %s\n\n```text\n%s```\n", n, out)
	}
	b.WriteString("<!-- /help -->")
	return b.String()
}
