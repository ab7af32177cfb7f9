package workflow

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

var stepKeys = []string{"id", "name", "uses", "run", "with", "env", "if", "shell",
	"working-directory", "continue-on-error", "timeout-minutes"}

func (p *parser) parseSteps(n *yaml.Node) []*Step {
	items := p.sequence(n, "steps")
	steps := make([]*Step, 0, len(items))
	ids := make(map[string]bool)
	for i, item := range items {
		s := p.parseStep(item, i)
		if s == nil {
			continue
		}
		if s.ID != nil {
			if ids[s.ID.Value] {
				p.errorf(s.ID.Pos, KindValue, "step id %q is used twice in this job", s.ID.Value)
			}
			ids[s.ID.Value] = true
		}
		steps = append(steps, s)
	}
	return steps
}

func (p *parser) parseStep(n *yaml.Node, index int) *Step {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	s := &Step{Pos: posOf(n)}
	where := fmt.Sprintf("step %d", index+1)
	for _, e := range p.mapping(n, where) {
		switch e.key.Value {
		case "id":
			s.ID = p.str(e.value, "id")
			if s.ID != nil && !isExpr(s.ID.Value) && !idRE.MatchString(s.ID.Value) {
				p.errorf(s.ID.Pos, KindValue, "invalid step id %q: it must start with a letter or _ and contain only letters, digits, - and _", s.ID.Value)
			}
		case "name":
			s.Name = p.str(e.value, "name")
		case "uses":
			s.Uses = p.str(e.value, "uses")
		case "run":
			s.Run = p.str(e.value, "run")
		case "with":
			s.With = p.keyValues(e.value, "with")
		case "env":
			s.Env = p.keyValues(e.value, "env")
		case "if":
			s.If = p.str(e.value, "if")
		case "shell":
			s.Shell = p.str(e.value, "shell")
		case "working-directory":
			s.WorkingDirectory = p.str(e.value, "working-directory")
		case "continue-on-error":
			s.ContinueOnError = p.boolOrExpr(e.value, "continue-on-error")
		case "timeout-minutes":
			s.TimeoutMinutes = p.numberOrExpr(e.value, "timeout-minutes")
		default:
			p.unknownKey(e.key, where, stepKeys)
		}
	}
	if n.Kind != yaml.MappingNode {
		return s
	}
	switch {
	case s.Uses != nil && s.Run != nil:
		p.errorf(s.Pos, KindKey, "%s has both \"uses\" and \"run\"; a step does one or the other", where)
	case s.Uses == nil && s.Run == nil:
		p.errorf(s.Pos, KindKey, "%s has neither \"uses\" nor \"run\"", where)
	case s.Uses != nil && (s.Shell != nil || s.WorkingDirectory != nil):
		p.errorf(s.Pos, KindKey, "%s uses an action; \"shell\" and \"working-directory\" apply only to run steps", where)
	}
	return s
}

func (p *parser) parseStrategy(n *yaml.Node) *Strategy {
	st := &Strategy{}
	for _, e := range p.mapping(n, "strategy") {
		switch e.key.Value {
		case "matrix":
			st.Matrix = p.parseMatrix(e.value)
		case "fail-fast":
			st.FailFast = p.boolOrExpr(e.value, "fail-fast")
		case "max-parallel":
			st.MaxParallel = p.numberOrExpr(e.value, "max-parallel")
		default:
			p.unknownKey(e.key, "strategy", []string{"matrix", "fail-fast", "max-parallel"})
		}
	}
	return st
}

func (p *parser) parseMatrix(n *yaml.Node) *Matrix {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	m := &Matrix{Pos: posOf(n)}
	if n.Kind == yaml.ScalarNode {
		m.Expr = p.exprOnly(n, "matrix")
		return m
	}
	for _, e := range p.mapping(n, "matrix") {
		switch e.key.Value {
		case "include":
			m.Include, m.IncludeExpr = p.parseMatrixRows(e.value, "matrix.include")
		case "exclude":
			m.Exclude, m.ExcludeExpr = p.parseMatrixRows(e.value, "matrix.exclude")
		default:
			m.Axes = append(m.Axes, p.parseAxis(e.key, e.value))
		}
	}
	if len(m.Axes) == 0 && m.Include == nil && m.IncludeExpr == nil && n.Kind == yaml.MappingNode {
		p.errorf(m.Pos, KindMatrix, "matrix must define at least one vector")
	}
	return m
}

// exprOnly accepts a scalar only when it is a ${{ }} expression, as GitHub
// does where a value may be computed (a matrix from fromJSON, say).
func (p *parser) exprOnly(n *yaml.Node, what string) *String {
	s := p.str(n, what)
	if s != nil && !isExpr(s.Value) {
		p.errorf(s.Pos, KindType, "%s must be a mapping or a ${{ }} expression, not %q", what, s.Value)
		return nil
	}
	return s
}

func (p *parser) parseAxis(name *String, n *yaml.Node) *Axis {
	a := &Axis{Name: *name}
	n = p.resolve(n)
	if n == nil {
		return a
	}
	if n.Kind == yaml.ScalarNode {
		a.Expr = p.exprOnly(n, "matrix."+name.Value)
		return a
	}
	for _, item := range p.sequence(n, "matrix."+name.Value) {
		a.Values = append(a.Values, p.value(item))
	}
	if n.Kind == yaml.SequenceNode && len(a.Values) == 0 {
		p.errorf(posOf(n), KindMatrix, "matrix.%s has no values", name.Value)
	}
	return a
}

func (p *parser) parseMatrixRows(n *yaml.Node, what string) ([]*MatrixRow, *String) {
	n = p.resolve(n)
	if n == nil {
		return nil, nil
	}
	if n.Kind == yaml.ScalarNode {
		return nil, p.exprOnly(n, what)
	}
	var rows []*MatrixRow
	for _, item := range p.sequence(n, what) {
		entries := p.mapping(item, what+" item")
		row := &MatrixRow{Pos: posOf(item)}
		for _, e := range entries {
			row.Keys = append(row.Keys, e.key.Value)
			row.Values = append(row.Values, p.value(e.value))
		}
		if len(entries) > 0 {
			rows = append(rows, row)
		}
	}
	return rows, nil
}
