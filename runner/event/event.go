package event

import (
	"context"
	"fmt"
	"time"
)

// Options say which event to synthesise and from which repository. The
// zero value of each field means "as GitHub would have it for this
// checkout"; see the field comments.
type Options struct {
	Dir   string // the repository (work tree)
	Event string // push (default), pull_request, pull_request_target, release, workflow_dispatch, schedule, or any other name (minimal payload)
	// Ref is a branch name, tag name or full ref (--ref). Default: the
	// current branch. A full ref need not exist: the event is then for
	// that ref at HEAD's commit. For pull requests it is the head branch.
	Ref        string
	SHA        string            // --sha; default the commit Ref points to
	Repository string            // owner/name; default from the origin remote, else local/<dir name>
	Actor      string            // default git config user.name, else "gantry"
	Inputs     map[string]string // workflow_dispatch inputs
	// Payload is the -e event file: its fields win over synthesised ones
	// (objects are merged key by key, other values replaced). A few of its
	// fields also steer the synthesis, so that github.* agrees with
	// github.event: ref and before (push), number, pull_request.head.ref and
	// pull_request.base.ref (pull requests), release.tag_name (release),
	// repository.default_branch.
	Payload   map[string]any
	ServerURL string           // default https://github.com
	Now       func() time.Time // default time.Now
}

// Event is what the runner needs to build the github context.
type Event struct {
	Name       string // github.event_name
	Action     string // github.event.action, or ""
	Ref        string // github.ref: refs/heads/x, refs/tags/v1, refs/pull/N/merge
	RefName    string // github.ref_name: the short name, "N/merge" for a PR
	RefType    string // github.ref_type: "branch" or "tag"
	SHA        string // github.sha
	BaseRef    string // github.base_ref (pull requests only)
	HeadRef    string // github.head_ref (pull requests only)
	Repository string // owner/name
	Owner      string
	Actor      string
	Payload    map[string]any // github.event: JSON-like values only
	// Files are the paths the event changed, for on.<event>.paths
	// filters; nil when unknown.
	Files []string
}

// Synthesize builds the event GitHub would send for o.Event on the
// checkout in o.Dir.
func Synthesize(ctx context.Context, o Options) (*Event, error) {
	if o.Event == "" {
		o.Event = "push"
	}
	if o.ServerURL == "" {
		o.ServerURL = "https://github.com"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	override, err := normalize(o.Payload)
	if err != nil {
		return nil, err
	}
	b, err := newBuilder(ctx, o, override)
	if err != nil {
		return nil, err
	}
	ev, payload, err := b.build(ctx)
	if err != nil {
		return nil, err
	}
	merge(payload, override)
	ev.Name, ev.Payload = o.Event, payload
	ev.Repository, ev.Owner, ev.Actor = b.site.fullName, b.site.owner, b.actor
	ev.Action, _ = payload["action"].(string)
	return ev, nil
}

func (b *builder) build(ctx context.Context) (*Event, map[string]any, error) {
	switch b.o.Event {
	case "push":
		return b.push(ctx)
	case "pull_request", "pull_request_target":
		return b.pullRequest(ctx)
	case "release":
		return b.release(ctx)
	case "workflow_dispatch":
		return b.dispatch(ctx)
	}
	return b.other(ctx)
}

// refEvent fills the ref facts of an event from its target.
func refEvent(t target) *Event {
	name, kind := refFacts(t.ref)
	return &Event{Ref: t.ref, RefName: name, RefType: kind, SHA: t.sha}
}

// dispatch is workflow_dispatch: the chosen ref, and the inputs as the
// strings GitHub puts in github.event.inputs (null when there are none).
func (b *builder) dispatch(ctx context.Context) (*Event, map[string]any, error) {
	t, err := b.resolve(ctx, firstOf(b.o.Ref, str(b.hints, "ref")), b.o.SHA)
	if err != nil {
		return nil, nil, err
	}
	var inputs any
	if len(b.o.Inputs) > 0 {
		m := map[string]any{}
		for k, v := range b.o.Inputs {
			m[k] = v
		}
		inputs = m
	}
	payload := b.common(false)
	payload["inputs"], payload["ref"], payload["workflow"] = inputs, t.ref, ""
	return refEvent(t), payload, nil
}

// other covers schedule and every event gantry has no specific payload
// for: repository and sender only (schedule adds its cron string, which
// the caller knows and can pass in Payload). GitHub runs most of these on
// the default branch; locally the current branch is the one being tested,
// so --ref decides, as for push.
func (b *builder) other(ctx context.Context) (*Event, map[string]any, error) {
	t, err := b.resolve(ctx, b.o.Ref, b.o.SHA)
	if err != nil {
		return nil, nil, err
	}
	payload := b.common(false)
	if b.o.Event == "schedule" {
		payload["schedule"] = ""
	}
	return refEvent(t), payload, nil
}

// common is the repository and sender every payload has.
func (b *builder) common(push bool) map[string]any {
	return map[string]any{
		"repository": b.site.repository(b.defaultBranch, b.now, push),
		"sender":     b.site.user(b.actor),
	}
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func errorf(format string, args ...any) error {
	return fmt.Errorf("event: "+format, args...)
}
