package workflow

import (
	"fmt"
	"strings"
)

// Graph is the job dependency graph of one workflow: a DAG in which a job
// is ready as soon as the jobs it needs are done, with no stage barriers.
type Graph struct {
	ids   []string       // job ids in file order
	index map[string]int // id → position in ids
	needs [][]int        // needs[i]: the jobs job i waits for
}

// NewGraph builds the graph of w, reporting needs that name no job and
// cycles. Edges that are in error are left out, so the graph is always a DAG.
func NewGraph(w *Workflow) (*Graph, Errors) {
	g := &Graph{index: make(map[string]int, len(w.Jobs))}
	for _, j := range w.Jobs {
		g.index[j.ID.Value] = len(g.ids)
		g.ids = append(g.ids, j.ID.Value)
	}
	var errs Errors
	g.needs = make([][]int, len(w.Jobs))
	for i, j := range w.Jobs {
		for _, n := range j.Needs {
			k, ok := g.index[n.Value]
			if !ok {
				errs = append(errs, &Error{File: w.File, Pos: n.Pos, Kind: KindJobGraph,
					Msg: fmt.Sprintf("job %s needs %q, which is not a job in this workflow (jobs: %s)", j.ID.Value, n.Value, strings.Join(g.ids, ", "))})
				continue
			}
			g.needs[i] = append(g.needs[i], k)
		}
	}
	for _, cycle := range g.cycles() {
		first := w.Jobs[cycle[0]]
		names := make([]string, len(cycle))
		for i, k := range cycle {
			names[i] = g.ids[k]
		}
		pos := first.Pos
		for _, n := range first.Needs {
			if n.Value == names[1] {
				pos = n.Pos
			}
		}
		errs = append(errs, &Error{File: w.File, Pos: pos, Kind: KindJobGraph,
			Msg: "jobs depend on each other in a cycle: " + strings.Join(names, " -> ")})
		g.dropEdge(cycle[0], cycle[1])
	}
	return g, errs
}

// cycles finds cycles by depth-first search, each as a path that starts and
// ends at the same job. Cycles are broken as they are found, so each one
// is reported once and the search always ends.
func (g *Graph) cycles() [][]int {
	const (
		unseen = iota
		active
		done
	)
	state := make([]int, len(g.ids))
	var found [][]int
	var stack []int
	var visit func(i int)
	visit = func(i int) {
		state[i] = active
		stack = append(stack, i)
		for _, k := range g.needs[i] {
			switch state[k] {
			case unseen:
				visit(k)
			case active:
				found = append(found, cyclePath(stack, k))
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = done
	}
	for i := range g.ids {
		if state[i] == unseen {
			visit(i)
		}
	}
	return found
}

// cyclePath returns the part of the DFS stack from k to its top, closed
// back to k, in the direction of `needs` (a needs b needs a).
func cyclePath(stack []int, k int) []int {
	start := len(stack) - 1
	for stack[start] != k {
		start--
	}
	path := append([]int(nil), stack[start:]...)
	return append(path, k)
}

func (g *Graph) dropEdge(from, to int) {
	out := g.needs[from][:0]
	for _, k := range g.needs[from] {
		if k != to {
			out = append(out, k)
		}
	}
	g.needs[from] = out
}

// Jobs returns the job ids in file order.
func (g *Graph) Jobs() []string { return g.ids }

// Needs returns the ids of the jobs id waits for, in the order written.
func (g *Graph) Needs(id string) []string {
	i, ok := g.index[id]
	if !ok {
		return nil
	}
	out := make([]string, len(g.needs[i]))
	for n, k := range g.needs[i] {
		out[n] = g.ids[k]
	}
	return out
}

// Order returns the jobs in an order where each job follows all it needs;
// among jobs that are ready together, file order is kept.
func (g *Graph) Order() []string {
	indegree := make([]int, len(g.ids))
	dependents := make([][]int, len(g.ids))
	for i, ns := range g.needs {
		indegree[i] = len(ns)
		for _, k := range ns {
			dependents[k] = append(dependents[k], i)
		}
	}
	var ready, order []int
	for i, d := range indegree {
		if d == 0 {
			ready = append(ready, i)
		}
	}
	for len(ready) > 0 {
		i := ready[0]
		ready = ready[1:]
		order = append(order, i)
		for _, d := range dependents[i] {
			if indegree[d]--; indegree[d] == 0 {
				ready = insertSorted(ready, d)
			}
		}
	}
	ids := make([]string, len(order))
	for n, i := range order {
		ids[n] = g.ids[i]
	}
	return ids
}

func insertSorted(xs []int, x int) []int {
	i := len(xs)
	for i > 0 && xs[i-1] > x {
		i--
	}
	xs = append(xs, 0)
	copy(xs[i+1:], xs[i:])
	xs[i] = x
	return xs
}

// Closure returns id and every job it needs, directly or not, in Order.
func (g *Graph) Closure(id string) []string {
	keep := make(map[int]bool)
	var walk func(i int)
	walk = func(i int) {
		if keep[i] {
			return
		}
		keep[i] = true
		for _, k := range g.needs[i] {
			walk(k)
		}
	}
	if i, ok := g.index[id]; ok {
		walk(i)
	}
	var out []string
	for _, j := range g.Order() {
		if keep[g.index[j]] {
			out = append(out, j)
		}
	}
	return out
}
