package workflow

import (
	"fmt"
	"strings"

	"github.com/gantry-ci/gantry/workflow/matrix"
)

// Plan is what will run for one event: the triggered workflows, their jobs
// and each job's matrix legs. It is plain data, printable as JSON, and the
// contract between the workflow package and the runner.
type Plan struct {
	Workflows []*WorkflowPlan `json:"workflows"`
	// Skipped are the workflows the event's filters held back, and why.
	Skipped []SkippedWorkflow `json:"skipped,omitempty"`
}

// SkippedWorkflow is a workflow an event does not trigger.
type SkippedWorkflow struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// WorkflowPlan is one workflow's job graph.
type WorkflowPlan struct {
	File   string     `json:"file"`
	Name   string     `json:"name"`
	Events []string   `json:"events"`
	Jobs   []*JobPlan `json:"jobs"`
	// Workflow is the parsed file, for the runner.
	Workflow *Workflow `json:"-"`
}

// JobPlan is one job: the jobs it needs and its legs. A job whose matrix is
// computed by an expression has no legs until the runner evaluates it.
type JobPlan struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Needs  []string   `json:"needs"`
	RunsOn []string   `json:"runs-on"`
	Legs   []*Leg     `json:"legs"`
	Steps  []StepPlan `json:"steps"`
	// MatrixDeferred is true when the matrix depends on expressions
	// (fromJSON of an output, say) and is expanded at run time.
	MatrixDeferred bool `json:"matrix-deferred,omitempty"`
	// Job is the parsed definition, for the runner.
	Job *Job `json:"-"`
}

// StepPlan is one step as written: a run script or a `uses:` of some kind.
type StepPlan struct {
	Name string `json:"name"`
	ID   string `json:"id,omitempty"`
	// Kind is "run", or the kind of action `uses:` names: local, remote,
	// docker (an expression or a malformed reference is "unknown").
	Kind string `json:"kind"`
	Uses string `json:"uses,omitempty"`
	If   string `json:"if,omitempty"`
}

// Leg is one run of a job: the job itself, or one matrix combination.
type Leg struct {
	Name   string             `json:"name"`
	Matrix matrix.Combination `json:"matrix,omitempty"`
}

// NewPlan plans every given workflow. Workflows must have parsed without
// errors; NewPlan reports what planning itself finds (cycles, matrices).
func NewPlan(workflows []*Workflow) (*Plan, Errors) {
	plan := &Plan{Workflows: []*WorkflowPlan{}}
	var errs Errors
	for _, w := range workflows {
		wp, werrs := planWorkflow(w)
		errs = append(errs, werrs...)
		plan.Workflows = append(plan.Workflows, wp)
	}
	return plan, errs
}

// PlanEvent plans the workflows an event triggers and lists the others in
// Skipped with the reason their filters give.
func PlanEvent(workflows []*Workflow, t Trigger) (*Plan, Errors) {
	var triggered []*Workflow
	var skipped []SkippedWorkflow
	for _, w := range workflows {
		if ok, why := w.Match(t); !ok {
			skipped = append(skipped, SkippedWorkflow{File: w.File, Reason: why})
			continue
		}
		triggered = append(triggered, w)
	}
	plan, errs := NewPlan(triggered)
	plan.Skipped = skipped
	return plan, errs
}

func planWorkflow(w *Workflow) (*WorkflowPlan, Errors) {
	g, errs := NewGraph(w)
	wp := &WorkflowPlan{File: w.File, Name: w.DisplayName(), Events: w.EventNames(), Workflow: w}
	byID := make(map[string]*Job, len(w.Jobs))
	for _, j := range w.Jobs {
		byID[j.ID.Value] = j
	}
	for _, id := range g.Order() {
		j := byID[id]
		jp := &JobPlan{ID: id, Name: j.DisplayName(), Needs: g.Needs(id), RunsOn: j.Labels(), Steps: stepPlans(j), Job: j}
		if jp.Needs == nil {
			jp.Needs = []string{}
		}
		legs, deferred, err := j.legs()
		if err != nil {
			errs = append(errs, &Error{File: w.File, Pos: j.Strategy.Matrix.Pos, Kind: KindMatrix,
				Msg: fmt.Sprintf("job %s: %v", id, err)})
		}
		jp.Legs, jp.MatrixDeferred = legs, deferred
		wp.Jobs = append(wp.Jobs, jp)
	}
	return wp, errs
}

func stepPlans(j *Job) []StepPlan {
	out := make([]StepPlan, 0, len(j.Steps))
	for _, s := range j.Steps {
		sp := StepPlan{Name: s.DisplayName(), Kind: "run"}
		if s.ID != nil {
			sp.ID = s.ID.Value
		}
		if s.If != nil {
			sp.If = s.If.Value
		}
		if s.Uses != nil {
			sp.Uses, sp.Kind = s.Uses.Value, "unknown"
			if !isExpr(s.Uses.Value) {
				if u, err := ParseUses(s.Uses.Value, false); err == nil {
					sp.Kind = u.Kind.String()
				}
			}
		}
		out = append(out, sp)
	}
	return out
}

// DisplayName is the step's name as written (expressions unevaluated), else
// "Run" and its action or the first line of its script, as GitHub shows it.
func (s *Step) DisplayName() string {
	switch {
	case s.Name != nil:
		return s.Name.Value
	case s.Uses != nil:
		return "Run " + s.Uses.Value
	case s.Run != nil:
		line, _, _ := strings.Cut(strings.TrimSpace(s.Run.Value), "\n")
		return "Run " + line
	}
	return ""
}

// EventNames lists the events under `on:`, in file order.
func (w *Workflow) EventNames() []string {
	names := make([]string, len(w.On))
	for i, e := range w.On {
		names[i] = e.Name.Value
	}
	return names
}

// DisplayName is the job's name as written, or its id.
func (j *Job) DisplayName() string {
	if j.Name != nil && j.Name.Value != "" {
		return j.Name.Value
	}
	return j.ID.Value
}

// Labels returns the runs-on labels as written (expressions unevaluated).
func (j *Job) Labels() []string {
	if j.RunsOn == nil {
		return []string{}
	}
	out := make([]string, len(j.RunsOn.Labels))
	for i, l := range j.RunsOn.Labels {
		out[i] = l.Value
	}
	return out
}

// legs expands the job's matrix when it is written out in the file.
func (j *Job) legs() (legs []*Leg, deferred bool, err error) {
	if j.Strategy == nil || j.Strategy.Matrix == nil {
		return []*Leg{{Name: j.DisplayName()}}, false, nil
	}
	combos, err := expandStatic(j.Strategy.Matrix)
	if err != nil {
		return nil, false, err
	}
	if combos == nil {
		return []*Leg{}, true, nil
	}
	return j.Legs(combos), false, nil
}

// Legs names the job's matrix combinations as GitHub names them; a matrix
// with no values is the job itself. The runner uses it for matrices it
// evaluates at run time.
func (j *Job) Legs(combos []matrix.Combination) []*Leg {
	legs := make([]*Leg, 0, len(combos))
	for _, c := range combos {
		name := j.DisplayName()
		if len(c) > 0 {
			name = matrix.LegName(name, c)
		}
		legs = append(legs, &Leg{Name: name, Matrix: c})
	}
	return legs
}

// Dynamic reports whether any part of the matrix is computed at run time.
func (m *Matrix) Dynamic() bool {
	if m.Expr != nil || m.IncludeExpr != nil || m.ExcludeExpr != nil {
		return true
	}
	for _, a := range m.Axes {
		if a.Expr != nil || hasExpr(a.Values) {
			return true
		}
	}
	for _, r := range append(append([]*MatrixRow{}, m.Include...), m.Exclude...) {
		if hasExpr(r.Values) {
			return true
		}
	}
	return false
}

func (m *Matrix) hasEmptyAxis() bool {
	for _, a := range m.Axes {
		if a.Expr == nil && len(a.Values) == 0 {
			return true
		}
	}
	return false
}

func hasExpr(values []any) bool {
	for _, v := range values {
		switch v := v.(type) {
		case string:
			if strings.Contains(v, "${{") {
				return true
			}
		case []any:
			if hasExpr(v) {
				return true
			}
		case map[string]any:
			for _, x := range v {
				if hasExpr([]any{x}) {
					return true
				}
			}
		}
	}
	return false
}

// expandStatic expands a matrix written out in the file. A dynamic matrix is
// left for run time: nil and no error.
func expandStatic(m *Matrix) ([]matrix.Combination, error) {
	if m.Dynamic() {
		return nil, nil
	}
	return matrix.Expand(m.Spec())
}

// Spec converts the matrix as written into the matrix package's input.
func (m *Matrix) Spec() matrix.Matrix {
	var spec matrix.Matrix
	for _, a := range m.Axes {
		spec.Axes = append(spec.Axes, matrix.Axis{Name: a.Name.Value, Values: a.Values})
	}
	spec.Include, spec.IncludeKeys = rowMaps(m.Include)
	spec.Exclude, _ = rowMaps(m.Exclude)
	return spec
}

func rowMaps(rows []*MatrixRow) ([]map[string]any, [][]string) {
	maps := make([]map[string]any, len(rows))
	keys := make([][]string, len(rows))
	for i, r := range rows {
		maps[i] = make(map[string]any, len(r.Keys))
		for k, key := range r.Keys {
			maps[i][key] = r.Values[k]
		}
		keys[i] = r.Keys
	}
	return maps, keys
}
