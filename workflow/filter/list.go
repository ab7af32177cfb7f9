package filter

import "fmt"

// List is an ordered filter list, such as the value of `branches:` or
// `paths:`. Order matters: the last pattern that matches a value decides.
type List []*Pattern

// CompileList compiles every pattern in order and returns the first error,
// which names the pattern and its position in the list.
func CompileList(patterns []string) (List, error) {
	l := make(List, 0, len(patterns))
	for i, s := range patterns {
		p, err := Compile(s)
		if err != nil {
			return nil, fmt.Errorf("filter list item %d (%q): %w", i, s, err)
		}
		l = append(l, p)
	}
	return l, nil
}

// Match reports whether value is included by the list. GitHub documents
// that a matching '!' pattern after a positive match excludes the value and
// a matching positive pattern after that includes it again; that is the
// same as letting the last matching pattern decide, so the list is scanned
// from the end. A value no pattern matches is not included, so a list of
// only '!' patterns includes nothing.
func (l List) Match(value string) bool {
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].Match(value) {
			return !l[i].negated
		}
	}
	return false
}

// MatchAny reports whether at least one of values is included by the list.
func (l List) MatchAny(values []string) bool {
	for _, v := range values {
		if l.Match(v) {
			return true
		}
	}
	return false
}

// passes reports whether one value gets through an include/ignore pair; a
// nil list means the filter was not given and lets everything through.
func passes(include, ignore List, value string) bool {
	if include != nil && !include.Match(value) {
		return false
	}
	return ignore == nil || !ignore.Match(value)
}

// Refs decides a branch or tag filter for the short ref name (e.g. "main",
// not "refs/heads/main"). include is `branches`/`tags` and ignore is
// `branches-ignore`/`tags-ignore`; nil means the key was absent, while an
// empty non-nil list includes nothing. GitHub forbids giving both for one
// event; if both are given anyway, the name must pass both.
//
// Whether a workflow with only branch filters runs for a tag push (it does
// not) is the caller's decision, as this function sees only one name.
func Refs(include, ignore List, name string) bool {
	return passes(include, ignore, name)
}

// Paths decides a `paths`/`paths-ignore` filter for the changed files of an
// event (repository-relative paths). nil lists mean the key was absent.
//
// With `paths`, the workflow runs when at least one file is included; with
// `paths-ignore`, it runs unless every file is ignored. Both are "some file
// passes the filter", which is also how a (forbidden) pair of both is
// handled. As GitHub documents, when a filter is given and no files
// changed, the workflow does not run. Callers handle GitHub's other rules:
// path filters are skipped for tag pushes, and a diff GitHub could not
// compute (over 1,000 commits, or a timeout) always runs the workflow.
func Paths(include, ignore List, files []string) bool {
	if include == nil && ignore == nil {
		return true
	}
	for _, f := range files {
		if passes(include, ignore, f) {
			return true
		}
	}
	return false
}
