// Package dockermeta computes what docker/metadata-action v5 outputs:
// Docker tags, OCI labels and annotations, the json output and the bake
// definitions, from the action's inputs and the workflow event.
//
// It is pure logic. The action asks the GitHub API for the repository
// (title, description, URL, licence, default branch) and, failing the
// payload, for the commit date; offline, the event payload's repository
// object and commits stand in, and the commit date falls back to Now.
// The bake-file outputs are files in the real action; Generate returns
// their contents and the caller writes them to $RUNNER_TEMP (under
// docker-actions-toolkit-*/, named by BakeFileName) and puts the paths in
// the outputs and env (see SetBakeFilePath).
//
// The JavaScript the action runs on is reproduced where it shows in the
// output: csv-parse's quoting, Handlebars' lexing and HTML escaping,
// moment's format tokens, node-semver and @renovate/pep440 parsing, ICU
// collation for the label order, V8's sort, and JSON.stringify.
package dockermeta

import (
	"fmt"
	"strings"
	"time"
)

// Inputs are the action's inputs as the step received them.
type Inputs struct {
	// Context is "workflow" (the default) or "git". With "git" the action
	// reads ref and SHA from the checkout; the caller passes those as
	// Event.Ref and Event.SHA, and the workflow-only adjustments
	// (pull_request_target's ref, DOCKER_METADATA_PR_HEAD_SHA) are skipped.
	Context     string
	Images      string // lists: one entry a line, '#' comments, CSV fields
	Tags        string
	Flavor      string
	Labels      string
	Annotations string
	// Separators for the tags, labels and annotations outputs; "\n" when
	// empty. They are not trimmed.
	SepTags, SepLabels, SepAnnotations string
	BakeTarget                         string // default "docker-metadata-action"
}

// Event is the workflow context the action reads.
type Event struct {
	Name    string         // github.event_name
	Ref     string         // github.ref
	SHA     string         // github.sha
	Payload map[string]any // github.event, as decoded from JSON
	// Env is the step's environment, for the DOCKER_METADATA_* switches.
	Env map[string]string
	Now time.Time // the action's new Date(): created label, {{date}}
}

// Result is the action's outputs.
type Result struct {
	Version     string
	Tags        []string // image:tag for every image, in output order
	TagNames    []string // the tags without image names
	Labels      []string // key=value, sorted by key
	Annotations []string // level:key=value
	// Outputs holds every output by name. The bake-file* entries hold the
	// files' contents; see SetBakeFilePath.
	Outputs map[string]string
	// Env holds DOCKER_METADATA_OUTPUT_<NAME> for every output, unless
	// DOCKER_METADATA_SET_OUTPUT_ENV is false.
	Env      map[string]string
	Warnings []string
}

// Generate runs the action's logic. Errors are what would fail the step:
// malformed inputs, bad templates, an invalid enable value.
func Generate(in Inputs, ev Event) (*Result, error) {
	m, err := newMeta(in, ev)
	if err != nil {
		return nil, fmt.Errorf("docker/metadata-action: %w", err)
	}
	res, err := m.result()
	if err != nil {
		return nil, fmt.Errorf("docker/metadata-action: %w", err)
	}
	return res, nil
}

// BakeFileName is the name the action gives the file behind a bake-file
// output ("bake-file-tags" → "docker-metadata-action-bake-tags.json"); it
// writes them to a docker-actions-toolkit-* directory under $RUNNER_TEMP.
func BakeFileName(output string) string {
	return "docker-metadata-action-bake" + strings.TrimPrefix(output, "bake-file") + ".json"
}

// SetBakeFilePath replaces a bake-file output's contents with the path of
// the file the caller wrote them to, in both Outputs and Env.
func (r *Result) SetBakeFilePath(output, path string) {
	r.Outputs[output] = path
	if _, ok := r.Env[envName(output)]; ok {
		r.Env[envName(output)] = path
	}
}
