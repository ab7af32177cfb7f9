package workflow

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gantry-ci/gantry/expr"
	"github.com/gantry-ci/gantry/workflow/filter"
)

// check runs the checks that need the whole parsed workflow: the job graph,
// expression syntax and static matrices.
func check(w *Workflow) Errors {
	_, errs := NewGraph(w)
	// Workflows repeat the same values (an if, an env entry) across jobs;
	// a value whose text was checked clean is not parsed again.
	type text struct {
		value string
		cond  bool
	}
	clean := make(map[text]bool)
	for _, f := range w.fields() {
		key := text{f.s.Value, f.cond}
		if clean[key] {
			continue
		}
		if e := checkExpressions(w.File, f); e != nil {
			errs = append(errs, e)
			continue
		}
		clean[key] = true
	}
	for _, ev := range w.On {
		errs = append(errs, checkFilters(w.File, ev)...)
	}
	for _, j := range w.Jobs {
		if j.Strategy == nil || j.Strategy.Matrix == nil || j.Strategy.Matrix.hasEmptyAxis() {
			continue // an empty axis is reported where it is written
		}
		if _, err := expandStatic(j.Strategy.Matrix); err != nil {
			errs = append(errs, &Error{File: w.File, Pos: j.Strategy.Matrix.Pos, Kind: KindMatrix,
				Msg: fmt.Sprintf("job %s: %v", j.ID.Value, err)})
		}
	}
	return errs
}

// checkExpressions parses every ${{ }} of one value and reports the first
// syntax error at its position in the file.
func checkExpressions(file string, f field) *Error {
	src := f.s.Value
	var err error
	if f.cond && !strings.Contains(src, "${{") {
		_, err = expr.Parse(src)
	} else if strings.Contains(src, "${{") {
		err = expr.CheckTemplate(src)
	}
	if err == nil {
		return nil
	}
	var ee *expr.Error
	offset := 0
	msg := err.Error()
	if errors.As(err, &ee) {
		offset = ee.Offset
		msg = ee.Error()
	}
	return &Error{File: file, Pos: f.s.PosAt(offset), Kind: KindExpression, Msg: msg}
}

// checkFilters compiles each branch, tag and path pattern so that a bad one
// is reported at validate time, at its own position.
func checkFilters(file string, ev *Event) Errors {
	var errs Errors
	for i, list := range [][]String{ev.Branches, ev.Tags, ev.Paths, ev.BranchesIgnore, ev.TagsIgnore, ev.PathsIgnore} {
		ignoreList := i >= 3
		positive := false
		for _, s := range list {
			p, err := filter.Compile(s.Value)
			if err != nil {
				errs = append(errs, &Error{File: file, Pos: s.Pos, Kind: KindValue, Msg: fmt.Sprintf("on.%s: %v", ev.Name.Value, err)})
				positive = true // one error for the list is enough
				continue
			}
			positive = positive || !p.Negated()
		}
		// GitHub: a list with a !pattern must also have a pattern without one,
		// or it matches nothing.
		if len(list) > 0 && !positive && !ignoreList {
			errs = append(errs, &Error{File: file, Pos: list[0].Pos, Kind: KindValue,
				Msg: fmt.Sprintf("on.%s: a filter list with only !patterns matches nothing; add a pattern without !", ev.Name.Value)})
		}
	}
	return errs
}
