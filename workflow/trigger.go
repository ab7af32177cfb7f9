package workflow

import (
	"fmt"
	"strings"

	"github.com/gantry-ci/gantry/workflow/filter"
)

// Trigger is an event as `on:` filters see it.
type Trigger struct {
	Event string `json:"event"` // push, pull_request, release, …
	// Ref is the full ref the filters look at: the pushed ref for push, the
	// base branch for pull_request (as GitHub's github.base_ref).
	Ref string `json:"ref"`
	// Action is the activity type (opened, published, …); empty when the
	// event has none.
	Action string `json:"action,omitempty"`
	// Files are the paths changed by the event. Nil means unknown, and then
	// path filters do not hold a workflow back.
	Files []string `json:"files,omitempty"`
}

// defaultTypes are the activity types an event fires for when `types` is
// not given; an event not listed fires for every type.
var defaultTypes = map[string][]string{
	"pull_request":        {"opened", "synchronize", "reopened"},
	"pull_request_target": {"opened", "synchronize", "reopened"},
}

// Match reports whether w runs for t and, when it does not, why.
func (w *Workflow) Match(t Trigger) (bool, string) {
	for _, ev := range w.On {
		if ev.Name.Value != t.Event {
			continue
		}
		return ev.match(t)
	}
	return false, fmt.Sprintf("not triggered by %s (on: %s)", t.Event, strings.Join(w.EventNames(), ", "))
}

func (ev *Event) match(t Trigger) (bool, string) {
	if ok, why := ev.matchTypes(t.Action); !ok {
		return false, why
	}
	switch t.Event {
	case "push":
		return ev.matchPush(t)
	case "pull_request", "pull_request_target":
		branch := strings.TrimPrefix(t.Ref, "refs/heads/")
		if ok, why := matchRefs("branches", ev.Branches, ev.BranchesIgnore, branch); !ok {
			return false, "base " + why
		}
		return matchPaths(ev.Paths, ev.PathsIgnore, t.Files)
	case "workflow_run":
		return matchRefs("branches", ev.Branches, ev.BranchesIgnore, strings.TrimPrefix(t.Ref, "refs/heads/"))
	}
	return true, ""
}

func (ev *Event) matchTypes(action string) (bool, string) {
	types := values(ev.Types)
	if types == nil {
		types = defaultTypes[ev.Name.Value]
	}
	if action == "" || types == nil || contains(types, action) {
		return true, ""
	}
	return false, fmt.Sprintf("%s activity type %q is not in types [%s]", ev.Name.Value, action, strings.Join(types, ", "))
}

// matchPush applies GitHub's rule that a push filtered only by branches
// never fires for tags, and one filtered only by tags never for branches.
// Path filters are not evaluated for tags.
func (ev *Event) matchPush(t Trigger) (bool, string) {
	branchFilters := ev.Branches != nil || ev.BranchesIgnore != nil
	tagFilters := ev.Tags != nil || ev.TagsIgnore != nil
	switch {
	case strings.HasPrefix(t.Ref, "refs/tags/"):
		if branchFilters && !tagFilters {
			return false, "push of a tag, and on.push filters only branches"
		}
		return matchRefs("tags", ev.Tags, ev.TagsIgnore, strings.TrimPrefix(t.Ref, "refs/tags/"))
	case strings.HasPrefix(t.Ref, "refs/heads/"):
		if tagFilters && !branchFilters {
			return false, "push of a branch, and on.push filters only tags"
		}
		if ok, why := matchRefs("branches", ev.Branches, ev.BranchesIgnore, strings.TrimPrefix(t.Ref, "refs/heads/")); !ok {
			return false, why
		}
	}
	return matchPaths(ev.Paths, ev.PathsIgnore, t.Files)
}

func matchRefs(kind string, include, ignore []String, name string) (bool, string) {
	inc, err1 := compileList(include)
	ign, err2 := compileList(ignore)
	if err1 != nil || err2 != nil {
		return false, fmt.Sprintf("invalid %s filter", kind)
	}
	if filter.Refs(inc, ign, name) {
		return true, ""
	}
	if include != nil {
		return false, fmt.Sprintf("%s %q matches none of %s [%s]", strings.TrimSuffix(kind, "es"), name, kind, strings.Join(values(include), ", "))
	}
	return false, fmt.Sprintf("%s %q matches %s-ignore [%s]", strings.TrimSuffix(kind, "es"), name, kind, strings.Join(values(ignore), ", "))
}

func matchPaths(include, ignore []String, files []string) (bool, string) {
	if files == nil || (include == nil && ignore == nil) {
		return true, ""
	}
	inc, err1 := compileList(include)
	ign, err2 := compileList(ignore)
	if err1 != nil || err2 != nil {
		return false, "invalid paths filter"
	}
	if filter.Paths(inc, ign, files) {
		return true, ""
	}
	if include != nil {
		return false, fmt.Sprintf("none of the %d changed files matches paths [%s]", len(files), strings.Join(values(include), ", "))
	}
	return false, fmt.Sprintf("all %d changed files match paths-ignore [%s]", len(files), strings.Join(values(ignore), ", "))
}

// compileList compiles a filter list; a list that was not written stays nil.
func compileList(ss []String) (filter.List, error) {
	if ss == nil {
		return nil, nil
	}
	l, err := filter.CompileList(values(ss))
	if err == nil && l == nil {
		l = filter.List{}
	}
	return l, err
}

func values(ss []String) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Value
	}
	return out
}
