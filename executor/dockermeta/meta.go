package dockermeta

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// meta holds the parsed inputs, the resolved context and the version as
// the action's Meta class computes it.
type meta struct {
	in        Inputs
	eventName string
	ref, sha  string
	payload   map[string]any
	env       map[string]string
	now       time.Time
	// commitDate is nil for a payload timestamp JavaScript cannot parse,
	// which moment formats as "Invalid date".
	commitDate  *time.Time
	images      []image
	tags        []tagEntry
	flavor      flavor
	labels      []string // the labels and annotations inputs' entries
	annotations []string
	global      hbsScope // the global expressions, built once
	warnings    []string

	main    string // the version; "" when no entry produced one
	partial []string
	latest  *bool // decided by the first entry that produced a value
}

func newMeta(in Inputs, ev Event) (*meta, error) {
	m := &meta{in: normalize(in), eventName: ev.Name, ref: ev.Ref, sha: ev.SHA,
		payload: ev.Payload, env: ev.Env, now: ev.Now}
	switch m.in.Context {
	case "workflow":
		m.workflowContext()
	case "git":
		// The action reads ref and SHA from the checkout with git; the
		// caller passes those in Event.Ref and Event.SHA.
	default:
		return nil, fmt.Errorf("invalid context source: %s", m.in.Context)
	}
	m.commitDate = m.findCommitDate()
	if err := m.parseInputs(); err != nil {
		return nil, err
	}
	m.global = m.globalScope()
	if err := m.computeVersion(); err != nil {
		return nil, err
	}
	return m, nil
}

// normalize applies core.getInput: values trimmed (separators excepted)
// and the action's defaults for empty ones.
func normalize(in Inputs) Inputs {
	out := Inputs{Context: jsTrim(in.Context), Images: jsTrim(in.Images), Tags: jsTrim(in.Tags),
		Flavor: jsTrim(in.Flavor), Labels: jsTrim(in.Labels), Annotations: jsTrim(in.Annotations),
		SepTags: in.SepTags, SepLabels: in.SepLabels, SepAnnotations: in.SepAnnotations,
		BakeTarget: jsTrim(in.BakeTarget)}
	for _, p := range []*string{&out.SepTags, &out.SepLabels, &out.SepAnnotations} {
		if *p == "" {
			*p = "\n"
		}
	}
	if out.Context == "" {
		out.Context = "workflow"
	}
	if out.BakeTarget == "" {
		out.BakeTarget = "docker-metadata-action"
	}
	return out
}

// workflowContext applies src/context.ts's adjustments to the GitHub
// context: pull_request_target runs on the base branch's ref, so the PR
// ref is put back; DOCKER_METADATA_PR_HEAD_SHA swaps the merge commit
// for the PR's head commit.
func (m *meta) workflowContext() {
	if strings.Contains(m.eventName, "pull_request_target") {
		n, ok := lookup(m.payload, "number")
		num := "undefined"
		if ok {
			num = jsString(n)
		}
		m.ref = "refs/pull/" + num + "/merge"
	}
	if !strings.Contains(strings.ToLower(m.env["DOCKER_METADATA_PR_HEAD_SHA"]), "true") {
		return
	}
	if head, ok := lookup(m.payload, "pull_request", "head", "sha"); ok && head != nil &&
		strings.Contains(m.eventName, "pull_request") {
		m.sha = jsString(head)
	}
}

// findCommitDate looks for the commit in the push payload's commits, then
// its head_commit; the action would ask the API next, and then use now.
func (m *meta) findCommitDate() *time.Time {
	parse := func(v any) *time.Time {
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil
		}
		return &t
	}
	if commits, ok := lookup(m.payload, "commits"); ok {
		list, _ := commits.([]any)
		for _, c := range list {
			c, _ := c.(map[string]any)
			if id, _ := c["id"].(string); id == m.sha && c != nil {
				if ts := truthyString(c, "timestamp"); ts != "" {
					return parse(ts)
				}
				break
			}
		}
	}
	if head, ok := lookup(m.payload, "head_commit"); ok {
		if h, _ := head.(map[string]any); h != nil && jsString(h["id"]) == m.sha {
			return parse(h["timestamp"])
		}
	}
	now := m.now
	return &now
}

func (m *meta) parseInputs() error {
	lists := make([][]string, 5)
	for i, raw := range []string{m.in.Images, m.in.Tags, m.in.Flavor, m.in.Labels, m.in.Annotations} {
		l, err := parseList(raw)
		if err != nil {
			return err
		}
		lists[i] = l
	}
	var err error
	if m.images, err = parseImages(lists[0]); err != nil {
		return err
	}
	if m.tags, err = parseTags(lists[1]); err != nil {
		return err
	}
	m.labels, m.annotations = lists[3], lists[4]
	m.flavor, err = parseFlavor(lists[2])
	return err
}

// warn records a core.warning; like the action, once per occurrence.
func (m *meta) warn(format string, args ...any) {
	m.warnings = append(m.warnings, fmt.Sprintf(format, args...))
}

// shortSha cuts the SHA to DOCKER_METADATA_SHORT_SHA_LENGTH (default 7)
// characters; a length that is not a number fails the step.
func (m *meta) shortSha() (string, error) {
	n := 7.0
	if s := m.env["DOCKER_METADATA_SHORT_SHA_LENGTH"]; s != "" {
		f, ok := jsNumber(s)
		if !ok {
			return "", fmt.Errorf("DOCKER_METADATA_SHORT_SHA_LENGTH is not a valid number: %s", s)
		}
		n = f
	}
	if n >= float64(len(m.sha)) {
		return m.sha, nil
	}
	return m.sha[:int(max(n, 0))], nil
}

// setOutputEnv reads DOCKER_METADATA_SET_OUTPUT_ENV as the toolkit's
// Util.parseBool does (Go's ParseBool accepts the same spellings).
func (m *meta) setOutputEnv() (bool, error) {
	s := m.env["DOCKER_METADATA_SET_OUTPUT_ENV"]
	if s == "" {
		return true, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("parseBool syntax error: %s", s)
	}
	return b, nil
}

func (m *meta) annotationLevels() string {
	if l := m.env["DOCKER_METADATA_ANNOTATIONS_LEVELS"]; l != "" {
		return l
	}
	return "manifest"
}
