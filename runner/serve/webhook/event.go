package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Trigger is what a delivery asks gantry to run.
type Trigger struct {
	Event      string            // push, pull_request, release, workflow_dispatch
	Repository string            // owner/name (repository.full_name)
	Ref        string            // full ref; for pull requests, the head branch
	SHA        string            // the commit to check out; "" → what Ref points to
	Inputs     map[string]string // workflow_dispatch inputs
	Payload    []byte            // the raw payload, whose fields win over synthesised ones
}

// ErrIgnored is returned for a delivery that is valid but runs nothing
// (a branch deletion, an event gantry does not run).
var ErrIgnored = errors.New("nothing to run for this delivery")

const zeroSHA = "0000000000000000000000000000000000000000"

// payload is the part of every event's body gantry reads.
type payload struct {
	Ref        string `json:"ref"`
	After      string `json:"after"`
	Deleted    bool   `json:"deleted"`
	Repository struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
	PullRequest struct {
		Head struct {
			Ref string `json:"ref"`
			SHA string `json:"sha"`
		} `json:"head"`
	} `json:"pull_request"`
	Release struct {
		TagName string `json:"tag_name"`
	} `json:"release"`
	Inputs map[string]any `json:"inputs"`
}

// Parse maps a delivery of kind event (the X-GitHub-Event header) to a
// Trigger. It returns ErrIgnored for events gantry does not run.
func Parse(event string, body []byte) (Trigger, error) {
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return Trigger{}, fmt.Errorf("%s payload: %w", event, err)
	}
	if p.Repository.FullName == "" {
		return Trigger{}, fmt.Errorf("%s payload: no repository.full_name", event)
	}
	t := Trigger{Event: event, Repository: p.Repository.FullName, Payload: body}
	switch event {
	case "push":
		if p.Deleted || p.After == zeroSHA {
			return Trigger{}, ErrIgnored
		}
		t.Ref, t.SHA = p.Ref, p.After
	case "pull_request":
		t.Ref, t.SHA = p.PullRequest.Head.Ref, p.PullRequest.Head.SHA
	case "release":
		if p.Release.TagName != "" {
			t.Ref = "refs/tags/" + strings.TrimPrefix(p.Release.TagName, "refs/tags/")
		}
	case "workflow_dispatch":
		t.Ref = p.Ref
		t.Inputs = map[string]string{}
		for k, v := range p.Inputs {
			t.Inputs[k] = fmt.Sprint(v)
		}
	default:
		return Trigger{}, ErrIgnored
	}
	if t.Ref == "" && event != "release" {
		return Trigger{}, fmt.Errorf("%s payload: no ref", event)
	}
	return t, nil
}
