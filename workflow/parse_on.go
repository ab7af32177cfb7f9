package workflow

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// activityTypes lists, for events that take `types`, the types GitHub accepts.
var activityTypes = map[string][]string{
	"pull_request": {"assigned", "unassigned", "labeled", "unlabeled", "opened", "edited", "closed",
		"reopened", "synchronize", "converted_to_draft", "ready_for_review", "locked", "unlocked",
		"review_requested", "review_request_removed", "auto_merge_enabled", "auto_merge_disabled",
		"milestoned", "demilestoned", "enqueued", "dequeued"},
	"release":      {"published", "unpublished", "created", "edited", "deleted", "prereleased", "released"},
	"workflow_run": {"completed", "requested", "in_progress"},
}

// knownEvents are the events a workflow can name under `on:`.
var knownEvents = []string{
	"branch_protection_rule", "check_run", "check_suite", "create", "delete", "deployment",
	"deployment_status", "discussion", "discussion_comment", "fork", "gollum", "issue_comment",
	"issues", "label", "merge_group", "milestone", "page_build", "project", "project_card",
	"project_column", "public", "pull_request", "pull_request_review", "pull_request_review_comment",
	"pull_request_target", "push", "registry_package", "release", "repository_dispatch", "schedule",
	"status", "watch", "workflow_call", "workflow_dispatch", "workflow_run",
}

func isKnownEvent(name string) bool {
	i := sort.SearchStrings(knownEvents, name)
	return i < len(knownEvents) && knownEvents[i] == name
}

func (p *parser) parseOn(n *yaml.Node) []*Event {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	var events []*Event
	switch n.Kind {
	case yaml.ScalarNode, yaml.SequenceNode:
		for _, name := range p.strs(n, "on") {
			if p.checkEventName(&name) {
				events = append(events, &Event{Name: name})
			}
		}
	case yaml.MappingNode:
		for _, e := range p.mapping(n, "on") {
			if p.checkEventName(e.key) {
				events = append(events, p.parseEvent(e.key, e.value))
			}
		}
	default:
		p.errorf(posOf(n), KindType, "on must be an event name, a list of events or a mapping, not %s", describe(n))
	}
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		p.errorf(posOf(n), KindValue, "on names no event")
	}
	return events
}

func (p *parser) checkEventName(s *String) bool {
	if isKnownEvent(s.Value) {
		return true
	}
	p.errorf(s.Pos, KindValue, "unknown event %q", s.Value)
	return false
}

func (p *parser) parseEvent(name *String, n *yaml.Node) *Event {
	ev := &Event{Name: *name}
	if name.Value == "schedule" {
		ev.Cron = p.parseSchedule(n)
		return ev
	}
	allowed := eventKeys(name.Value)
	for _, e := range p.mapping(n, "on."+name.Value) {
		if !contains(allowed, e.key.Value) {
			if len(allowed) == 0 {
				p.errorf(e.key.Pos, KindKey, "event %s takes no configuration, found %q", name.Value, e.key.Value)
			} else {
				p.unknownKey(e.key, "on."+name.Value, allowed)
			}
			continue
		}
		p.parseEventKey(ev, e)
	}
	p.checkFilterPairs(ev)
	return ev
}

func (p *parser) parseEventKey(ev *Event, e entry) {
	what := fmt.Sprintf("on.%s.%s", ev.Name.Value, e.key.Value)
	switch e.key.Value {
	case "branches":
		ev.Branches = p.strs(e.value, what)
	case "branches-ignore":
		ev.BranchesIgnore = p.strs(e.value, what)
	case "tags":
		ev.Tags = p.strs(e.value, what)
	case "tags-ignore":
		ev.TagsIgnore = p.strs(e.value, what)
	case "paths":
		ev.Paths = p.strs(e.value, what)
	case "paths-ignore":
		ev.PathsIgnore = p.strs(e.value, what)
	case "workflows":
		ev.Workflows = p.strs(e.value, what)
	case "types":
		ev.Types = p.strs(e.value, what)
		p.checkTypes(ev)
	case "inputs":
		ev.Inputs = p.parseInputs(e.value, what)
	case "outputs", "secrets":
		// workflow_call's interface; gantry does not call reusable workflows yet.
		p.mapping(e.value, what)
	}
}

func eventKeys(event string) []string {
	switch event {
	case "push":
		return []string{"branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore"}
	case "pull_request", "pull_request_target":
		return []string{"branches", "branches-ignore", "paths", "paths-ignore", "types"}
	case "workflow_dispatch":
		return []string{"inputs"}
	case "workflow_call":
		return []string{"inputs", "outputs", "secrets"}
	case "workflow_run":
		return []string{"workflows", "types", "branches", "branches-ignore"}
	case "create", "delete", "fork", "gollum", "page_build", "public", "status":
		return nil
	}
	return []string{"types"}
}

func (p *parser) checkTypes(ev *Event) {
	allowed, ok := activityTypes[ev.Name.Value]
	if !ok {
		return
	}
	for _, t := range ev.Types {
		if !contains(allowed, t.Value) {
			p.errorf(t.Pos, KindValue, "unknown activity type %q for %s; expected one of %s", t.Value, ev.Name.Value, strings.Join(allowed, ", "))
		}
	}
}

// checkFilterPairs reports what GitHub refuses: a filter and its -ignore
// twin on the same event.
func (p *parser) checkFilterPairs(ev *Event) {
	pairs := []struct {
		name      string
		inc, excl []String
	}{
		{"branches", ev.Branches, ev.BranchesIgnore},
		{"tags", ev.Tags, ev.TagsIgnore},
		{"paths", ev.Paths, ev.PathsIgnore},
	}
	for _, pair := range pairs {
		if pair.inc != nil && pair.excl != nil {
			p.errorf(pair.excl[0].Pos, KindKey, "on.%s cannot have both %s and %s-ignore; use %s with !patterns instead", ev.Name.Value, pair.name, pair.name, pair.name)
		}
	}
}

func (p *parser) parseSchedule(n *yaml.Node) []String {
	var crons []String
	for _, item := range p.sequence(n, "on.schedule") {
		for _, e := range p.mapping(item, "on.schedule item") {
			if e.key.Value != "cron" {
				p.unknownKey(e.key, "on.schedule item", []string{"cron"})
				continue
			}
			c := p.str(e.value, "cron")
			if c == nil {
				continue
			}
			if err := checkCron(c.Value); err != nil {
				p.errorf(c.Pos, KindValue, "invalid cron %q: %v", c.Value, err)
			}
			crons = append(crons, *c)
		}
	}
	if len(crons) == 0 {
		p.errorf(posOf(n), KindValue, "on.schedule needs at least one cron entry")
	}
	return crons
}

var inputTypes = []string{"boolean", "choice", "environment", "number", "string"}

func (p *parser) parseInputs(n *yaml.Node, where string) []*Input {
	var inputs []*Input
	for _, e := range p.mapping(n, where) {
		in := &Input{ID: *e.key}
		for _, f := range p.mapping(e.value, where+"."+e.key.Value) {
			switch f.key.Value {
			case "description":
				in.Description = p.str(f.value, "description")
			case "required":
				in.Required = p.boolOrExpr(f.value, "required")
			case "default":
				in.Default = p.str(f.value, "default")
			case "type":
				in.Type = p.str(f.value, "type")
				if in.Type != nil && !contains(inputTypes, in.Type.Value) {
					p.errorf(in.Type.Pos, KindValue, "input type must be one of %s, not %q", strings.Join(inputTypes, ", "), in.Type.Value)
				}
			case "options":
				in.Options = p.strs(f.value, "options")
			case "deprecationMessage":
			default:
				p.unknownKey(f.key, "input "+e.key.Value, []string{"description", "required", "default", "type", "options"})
			}
		}
		inputs = append(inputs, in)
	}
	return inputs
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
