package attest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// The types GitHub's provenance carries (actions/toolkit packages/attest).
const (
	StatementType = "https://in-toto.io/Statement/v1"
	PredicateType = "https://slsa.dev/provenance/v1"
	BuildType     = "https://actions.github.io/buildtypes/workflow/v1"
)

// Subject is an artifact the statement is about.
type Subject struct {
	Name   string
	Digest string // "sha256:<64 hex>"
}

// Provenance holds the run facts that GitHub reads from the job's OIDC
// token claims. They are strings there (even the IDs), so they are
// strings here.
type Provenance struct {
	ServerURL         string // https://github.com
	Repository        string // owner/repo
	RepositoryID      string
	RepositoryOwnerID string
	EventName         string
	Ref               string // refs/heads/main
	SHA               string
	WorkflowPath      string // .github/workflows/ci.yml; taken from WorkflowRef when empty
	WorkflowRef       string // owner/repo/.github/workflows/ci.yml@refs/heads/main
	JobWorkflowRef    string // the workflow that defines the job (a reusable one, or WorkflowRef)
	RunID             string
	RunAttempt        string
	RunnerEnvironment string // github-hosted or self-hosted
}

// SLSAPredicate is the SLSA provenance v1 predicate as GitHub fills it.
// Field order is the order GitHub's JSON has.
type SLSAPredicate struct {
	BuildDefinition BuildDefinition `json:"buildDefinition"`
	RunDetails      RunDetails      `json:"runDetails"`
}

type BuildDefinition struct {
	BuildType            string               `json:"buildType"`
	ExternalParameters   ExternalParameters   `json:"externalParameters"`
	InternalParameters   InternalParameters   `json:"internalParameters"`
	ResolvedDependencies []ResourceDescriptor `json:"resolvedDependencies"`
}

type ExternalParameters struct {
	Workflow WorkflowParameters `json:"workflow"`
}

type WorkflowParameters struct {
	Ref        string `json:"ref"`
	Repository string `json:"repository"`
	Path       string `json:"path"`
}

type InternalParameters struct {
	GitHub GitHubParameters `json:"github"`
}

type GitHubParameters struct {
	EventName         string `json:"event_name"`
	RepositoryID      string `json:"repository_id"`
	RepositoryOwnerID string `json:"repository_owner_id"`
	RunnerEnvironment string `json:"runner_environment"`
}

type ResourceDescriptor struct {
	URI    string            `json:"uri"`
	Digest map[string]string `json:"digest"`
}

type RunDetails struct {
	Builder  Builder  `json:"builder"`
	Metadata Metadata `json:"metadata"`
}

type Builder struct {
	ID string `json:"id"`
}

type Metadata struct {
	InvocationID string `json:"invocationId"`
}

// statement is an in-toto Statement v1 with the SLSA predicate.
type statement struct {
	Type          string        `json:"_type"`
	Subject       []subjectJSON `json:"subject"`
	PredicateType string        `json:"predicateType"`
	Predicate     SLSAPredicate `json:"predicate"`
}

type subjectJSON struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

var sha256RE = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)

// Statement builds the in-toto statement for subjects with the SLSA v1
// provenance predicate that actions/attest-build-provenance makes, field for
// field (actions-spec §7.1), serialised compactly as JSON.stringify does.
func Statement(subjects []Subject, p Provenance) ([]byte, error) {
	if len(subjects) == 0 {
		return nil, fmt.Errorf("statement: no subjects")
	}
	st := statement{Type: StatementType, PredicateType: PredicateType, Predicate: predicate(p)}
	for _, s := range subjects {
		if s.Name == "" {
			return nil, fmt.Errorf("statement: a subject has no name")
		}
		if !sha256RE.MatchString(s.Digest) {
			return nil, fmt.Errorf("statement: subject %q: digest %q is not sha256:<64 lower-case hex>", s.Name, s.Digest)
		}
		st.Subject = append(st.Subject, subjectJSON{Name: s.Name, Digest: map[string]string{"sha256": strings.TrimPrefix(s.Digest, "sha256:")}})
	}
	for _, f := range [][2]string{{"ServerURL", p.ServerURL}, {"Repository", p.Repository}, {"SHA", p.SHA}, {"WorkflowRef", p.WorkflowRef}, {"RunID", p.RunID}} {
		if f[1] == "" {
			return nil, fmt.Errorf("statement: provenance has no %s", f[0])
		}
	}
	return marshal(st)
}

// predicate fills the predicate as @actions/attest's provenance.ts does:
// the workflow's path and ref come from the workflow_ref claim, with the
// repository prefix removed and split at the first '@' (a tag may hold
// more '@'s).
func predicate(p Provenance) SLSAPredicate {
	wf := strings.Replace(p.WorkflowRef, p.Repository+"/", "", 1)
	path, ref, _ := strings.Cut(wf, "@")
	if p.WorkflowPath != "" {
		path = p.WorkflowPath
	}
	return SLSAPredicate{
		BuildDefinition: BuildDefinition{
			BuildType: BuildType,
			ExternalParameters: ExternalParameters{Workflow: WorkflowParameters{
				Ref: ref, Repository: p.ServerURL + "/" + p.Repository, Path: path,
			}},
			InternalParameters: InternalParameters{GitHub: GitHubParameters{
				EventName: p.EventName, RepositoryID: p.RepositoryID,
				RepositoryOwnerID: p.RepositoryOwnerID, RunnerEnvironment: p.RunnerEnvironment,
			}},
			ResolvedDependencies: []ResourceDescriptor{{
				URI:    "git+" + p.ServerURL + "/" + p.Repository + "@" + p.Ref,
				Digest: map[string]string{"gitCommit": p.SHA},
			}},
		},
		RunDetails: RunDetails{
			Builder: Builder{ID: p.ServerURL + "/" + p.JobWorkflowRef},
			Metadata: Metadata{InvocationID: p.ServerURL + "/" + p.Repository +
				"/actions/runs/" + p.RunID + "/attempts/" + p.RunAttempt},
		},
	}
}

// marshal writes compact JSON without Go's HTML escaping of <, > and &,
// which JSON.stringify does not do either.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
