package attest

import (
	"strings"
	"testing"
)

var testProvenance = Provenance{
	ServerURL:         "https://github.com",
	Repository:        "acme/app",
	RepositoryID:      "123456789",
	RepositoryOwnerID: "987654",
	EventName:         "push",
	Ref:               "refs/heads/main",
	SHA:               "860c1904a1ce19322e91ac35af1ab07466440c37",
	WorkflowRef:       "acme/app/.github/workflows/ci.yml@refs/heads/main",
	JobWorkflowRef:    "acme/app/.github/workflows/ci.yml@refs/heads/main",
	RunID:             "4242",
	RunAttempt:        "2",
	RunnerEnvironment: "github-hosted",
}

var testDigest = "sha256:" + strings.Repeat("0123456789abcdef", 4)

// The statement GitHub's @actions/attest makes for these claims, with its
// key order; actions-spec §7.1 names every field.
const goldenStatement = `{"_type":"https://in-toto.io/Statement/v1",` +
	`"subject":[{"name":"ghcr.io/acme/app","digest":{"sha256":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}],` +
	`"predicateType":"https://slsa.dev/provenance/v1",` +
	`"predicate":{"buildDefinition":{"buildType":"https://actions.github.io/buildtypes/workflow/v1",` +
	`"externalParameters":{"workflow":{"ref":"refs/heads/main","repository":"https://github.com/acme/app","path":".github/workflows/ci.yml"}},` +
	`"internalParameters":{"github":{"event_name":"push","repository_id":"123456789","repository_owner_id":"987654","runner_environment":"github-hosted"}},` +
	`"resolvedDependencies":[{"uri":"git+https://github.com/acme/app@refs/heads/main","digest":{"gitCommit":"860c1904a1ce19322e91ac35af1ab07466440c37"}}]},` +
	`"runDetails":{"builder":{"id":"https://github.com/acme/app/.github/workflows/ci.yml@refs/heads/main"},` +
	`"metadata":{"invocationId":"https://github.com/acme/app/actions/runs/4242/attempts/2"}}}}`

func TestStatementGolden(t *testing.T) {
	got, err := Statement([]Subject{{Name: "ghcr.io/acme/app", Digest: testDigest}}, testProvenance)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != goldenStatement {
		t.Errorf("statement:\n got %s\nwant %s", got, goldenStatement)
	}
}

func TestStatementWorkflowRef(t *testing.T) {
	p := testProvenance
	// A tag with '@' in it (changesets in a monorepo) keeps it in the ref;
	// a reusable workflow is the builder, the caller is the workflow.
	p.WorkflowRef = "acme/app/.github/workflows/release.yml@refs/tags/@acme/pkg@1.2.0"
	p.JobWorkflowRef = "acme/shared/.github/workflows/build.yml@refs/tags/v3"
	got, err := Statement([]Subject{{Name: "pkg.tgz", Digest: testDigest}}, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"workflow":{"ref":"refs/tags/@acme/pkg@1.2.0","repository":"https://github.com/acme/app","path":".github/workflows/release.yml"}`,
		`"builder":{"id":"https://github.com/acme/shared/.github/workflows/build.yml@refs/tags/v3"}`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("statement lacks %s:\n%s", want, got)
		}
	}
	p.WorkflowPath = ".github/workflows/other.yml"
	got, _ = Statement([]Subject{{Name: "pkg.tgz", Digest: testDigest}}, p)
	if !strings.Contains(string(got), `"path":".github/workflows/other.yml"`) {
		t.Errorf("WorkflowPath not used: %s", got)
	}
}

func TestStatementRejects(t *testing.T) {
	for name, tc := range map[string]struct {
		subjects []Subject
		p        Provenance
		want     string
	}{
		"no subjects":    {nil, testProvenance, "no subjects"},
		"no name":        {[]Subject{{Digest: testDigest}}, testProvenance, "no name"},
		"sha1 digest":    {[]Subject{{"a", "sha1:abc"}}, testProvenance, `digest "sha1:abc"`},
		"upper hex":      {[]Subject{{"a", strings.ToUpper(testDigest)}}, testProvenance, "is not sha256"},
		"no server url":  {[]Subject{{"a", testDigest}}, Provenance{Repository: "a/b"}, "no ServerURL"},
		"no workflowref": {[]Subject{{"a", testDigest}}, Provenance{ServerURL: "s", Repository: "a/b", SHA: "x"}, "no WorkflowRef"},
	} {
		_, err := Statement(tc.subjects, tc.p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", name, err, tc.want)
		}
	}
}
