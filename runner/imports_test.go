package runner

import (
	"bytes"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/gantry-ci/gantry"

// importRules are the one-way flow of README's Architecture section: a
// package matching from may not depend, directly or through others, on one
// matching to. A pattern ending in "/..." covers the package and those under
// it.
var importRules = []struct{ from, to, why string }{
	{module + "/runner/...", module + "/executor/docker/...", "the runner drives backends only through the executor contract"},
	{module + "/runner/...", "github.com/docker/...", "the runner never names Docker"},
	{module + "/executor", "github.com/docker/...", "the contract has no Docker in it"},
	{module + "/executor/...", module + "/runner/...", "executors do not know who drives them"},
	{module + "/workflow/...", module + "/runner/...", "the model knows nothing of running"},
	{module + "/workflow/...", module + "/executor/...", "the model knows nothing of running"},
	{module + "/expr/...", module + "/runner/...", "the expression engine knows nothing of running"},
	{module + "/expr/...", module + "/executor/...", "the expression engine knows nothing of running"},
}

func TestImportRules(t *testing.T) {
	graph := importGraph(t)
	for _, rule := range importRules {
		for pkg := range graph {
			if !matches(rule.from, pkg) {
				continue
			}
			if chain := pathTo(graph, pkg, func(p string) bool { return matches(rule.to, p) }); chain != nil {
				t.Errorf("%s imports %s (%s): %s", pkg, chain[len(chain)-1], rule.why, strings.Join(chain, " -> "))
			}
		}
	}
}

// The rules must bite: a graph with a forbidden edge breaks one.
func TestImportRulesCatchAChain(t *testing.T) {
	graph := map[string][]string{
		module + "/runner":           {module + "/executor/actions"},
		module + "/executor/actions": {module + "/executor/docker"},
	}
	chain := pathTo(graph, module+"/runner", func(p string) bool { return matches(module+"/executor/docker/...", p) })
	want := module + "/runner -> " + module + "/executor/actions -> " + module + "/executor/docker"
	if strings.Join(chain, " -> ") != want {
		t.Errorf("chain = %v, want %s", chain, want)
	}
}

// importGraph is every package of the module and its dependencies, with
// their direct imports (tests' imports left out), from go list.
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Imports,Standard", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v: %s", err, stderr.String())
	}
	graph := map[string][]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			Imports    []string
			Standard   bool
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if !p.Standard {
			graph[p.ImportPath] = p.Imports
		}
	}
	if len(graph) < 10 {
		t.Fatalf("go list found only %d packages", len(graph))
	}
	return graph
}

func matches(pattern, pkg string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return pkg == pattern
}

// pathTo is the shortest import chain from pkg to a package bad accepts, or
// nil.
func pathTo(graph map[string][]string, pkg string, bad func(string) bool) []string {
	prev := map[string]string{pkg: ""}
	queue := []string{pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, imp := range graph[p] {
			if _, seen := prev[imp]; seen {
				continue
			}
			prev[imp] = p
			if bad(imp) {
				chain := []string{imp}
				for q := p; q != ""; q = prev[q] {
					chain = append([]string{q}, chain...)
				}
				return chain
			}
			queue = append(queue, imp)
		}
	}
	return nil
}
