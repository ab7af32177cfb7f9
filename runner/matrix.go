package runner

import (
	"fmt"

	"github.com/gantry-ci/gantry/expr"
	"github.com/gantry-ci/gantry/workflow"
	"github.com/gantry-ci/gantry/workflow/matrix"
)

// evalMatrix evaluates a matrix that is computed by expressions (a
// fromJSON of a needed job's output, say) into the matrix package's input.
func (r *run) evalMatrix(m *workflow.Matrix, contexts map[string]any) (matrix.Matrix, error) {
	if m.Expr != nil {
		v, err := r.evalValue(m.Expr.Value, contexts)
		if err != nil {
			return matrix.Matrix{}, err
		}
		return matrix.FromValue(v)
	}
	var out matrix.Matrix
	for _, a := range m.Axes {
		values := a.Values
		if a.Expr != nil {
			v, err := r.evalValue(a.Expr.Value, contexts)
			if err != nil {
				return out, fmt.Errorf("%s: %w", a.Name.Value, err)
			}
			list, ok := v.([]any)
			if !ok {
				return out, fmt.Errorf("%s: want a list, got %s", a.Name.Value, expr.ToJSON(v))
			}
			values = list
		}
		evaluated, err := r.evalValues(values, contexts)
		if err != nil {
			return out, fmt.Errorf("%s: %w", a.Name.Value, err)
		}
		out.Axes = append(out.Axes, matrix.Axis{Name: a.Name.Value, Values: evaluated})
	}
	var err error
	if out.Include, out.IncludeKeys, err = r.evalRows(m.Include, m.IncludeExpr, contexts); err != nil {
		return out, fmt.Errorf("include: %w", err)
	}
	if out.Exclude, _, err = r.evalRows(m.Exclude, m.ExcludeExpr, contexts); err != nil {
		return out, fmt.Errorf("exclude: %w", err)
	}
	return out, nil
}

func (r *run) evalRows(rows []*workflow.MatrixRow, whole *workflow.String, contexts map[string]any) ([]map[string]any, [][]string, error) {
	if whole != nil {
		v, err := r.evalValue(whole.Value, contexts)
		if err != nil {
			return nil, nil, err
		}
		m, err := matrix.FromValue(map[string]any{"include": v})
		return m.Include, m.IncludeKeys, err
	}
	maps := make([]map[string]any, len(rows))
	keys := make([][]string, len(rows))
	for i, row := range rows {
		values, err := r.evalValues(row.Values, contexts)
		if err != nil {
			return nil, nil, err
		}
		maps[i] = map[string]any{}
		for k, key := range row.Keys {
			maps[i][key] = values[k]
		}
		keys[i] = row.Keys
	}
	return maps, keys, nil
}

// evalValues evaluates every string that holds ${{ }}, keeping the type of
// a value that is one whole expression.
func (r *run) evalValues(values []any, contexts map[string]any) ([]any, error) {
	out := make([]any, len(values))
	for i, v := range values {
		s, ok := v.(string)
		if !ok {
			out[i] = v
			continue
		}
		ev, err := r.evalValue(s, contexts)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

func (r *run) evalValue(s string, contexts map[string]any) (any, error) {
	t, err := r.exprs.Template(s)
	if err != nil {
		return nil, err
	}
	return t.EvalValue(&expr.Env{Contexts: contexts})
}
