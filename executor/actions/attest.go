package actions

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gantry-ci/gantry/executor/artifact"
	"github.com/gantry-ci/gantry/executor/attest"
	"github.com/gantry-ci/gantry/executor/registry"
)

// attestProvenance is actions/attest-build-provenance: the SLSA provenance
// statement GitHub would make, signed with gantry's local key. It is not
// Sigstore: no Fulcio certificate, no transparency log, and the log says
// so.
type attestProvenance struct{}

func (attestProvenance) Inputs() []Input {
	return []Input{
		{Name: "subject-path"}, {Name: "subject-digest"}, {Name: "subject-name"}, {Name: "subject-checksums"},
		{Name: "push-to-registry", Default: "false"}, {Name: "show-summary", Default: "true"},
		{Name: "github-token", Default: "${{ github.token }}"},
	}
}

var digestRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

func (attestProvenance) Run(ctx context.Context, s *Step) (*Result, error) {
	subjects, err := attestSubjects(s)
	if err != nil {
		return nil, err
	}
	key, err := attest.LoadOrCreateKey(s.KeyFile)
	if err != nil {
		return nil, err
	}
	statement, err := attest.Statement(subjects, provenanceOf(s))
	if err != nil {
		return nil, err
	}
	bundle, err := attest.Sign(key, statement)
	if err != nil {
		return nil, err
	}
	s.Log("Signed the provenance with gantry's local key %s (key id %s). This is not Sigstore: no Fulcio certificate, no transparency log.", s.KeyFile, key.KeyID())
	path, err := writeBundle(s, bundle)
	if err != nil {
		return nil, err
	}
	push, err := boolInput(s, "push-to-registry")
	if err != nil {
		return nil, err
	}
	if push {
		if err := pushAttestation(ctx, s, subjects, bundle); err != nil {
			return nil, err
		}
	}
	out := map[string]string{"bundle-path": s.JobPath(path)}
	if !strings.HasSuffix(s.Uses, "@v1") {
		id := key.KeyID()[:8] + hex.EncodeToString(sha256Sum(bundle))[:8]
		out["attestation-id"] = id
		out["attestation-url"] = fmt.Sprintf("%s/%s/attestations/%s", str(s.Github["server_url"]), str(s.Github["repository"]), id)
	}
	return &Result{Outputs: out}, nil
}

func sha256Sum(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}

// attestSubjects reads subject-name with subject-digest, or the files of
// subject-path with their sha256.
func attestSubjects(s *Step) ([]attest.Subject, error) {
	name, digest, paths := s.Inputs["subject-name"], s.Inputs["subject-digest"], s.Inputs["subject-path"]
	switch {
	case paths != "" && digest != "":
		return nil, errors.New("one of subject-path or subject-digest must be provided, not both")
	case digest != "":
		if !digestRE.MatchString(digest) {
			return nil, fmt.Errorf("subject-digest must be in the format sha256:<hex-digest>, not %q", digest)
		}
		if name == "" {
			return nil, errors.New("subject-name must be provided when using subject-digest")
		}
		return []attest.Subject{{Name: name, Digest: digest}}, nil
	case paths != "":
		return fileSubjects(s, paths)
	}
	return nil, errors.New("one of subject-path or subject-digest must be provided")
}

func fileSubjects(s *Step, patterns string) ([]attest.Subject, error) {
	files, _, err := artifact.Search(jobPathsToHost(s, patterns), s.Host.Workspace, s.Host.Home, true)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("could not find subject at path %s", patterns)
	}
	var out []attest.Subject
	for _, f := range files {
		h, err := fileSHA256(f)
		if err != nil {
			return nil, err
		}
		out = append(out, attest.Subject{Name: filepath.Base(f), Digest: "sha256:" + h})
	}
	return out, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// provenanceOf fills the predicate from the run, as GitHub fills it from
// the job's OIDC claims.
func provenanceOf(s *Step) attest.Provenance {
	workflowRef := str(s.Github["workflow_ref"])
	path, _, _ := strings.Cut(strings.TrimPrefix(workflowRef, str(s.Github["repository"])+"/"), "@")
	return attest.Provenance{
		ServerURL: str(s.Github["server_url"]), Repository: str(s.Github["repository"]),
		RepositoryID: str(s.Github["repository_id"]), RepositoryOwnerID: str(s.Github["repository_owner_id"]),
		EventName: str(s.Github["event_name"]), Ref: str(s.Github["ref"]), SHA: str(s.Github["sha"]), WorkflowPath: path,
		WorkflowRef: workflowRef, JobWorkflowRef: workflowRef, RunID: str(s.Github["run_id"]),
		RunAttempt: str(s.Github["run_attempt"]), RunnerEnvironment: "self-hosted",
	}
}

// writeBundle writes the bundle where the action version puts it: v1 a
// JSON-lines file, later versions one JSON file.
func writeBundle(s *Step, bundle []byte) (string, error) {
	dir, err := os.MkdirTemp(s.Host.Temp, "attestation-")
	if err != nil {
		return "", fmt.Errorf("write bundle: %w", err)
	}
	name := "attestation.json"
	if strings.HasSuffix(s.Uses, "@v1") {
		name = "attestation.jsonl"
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, append(bundle, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("write bundle: %w", err)
	}
	return path, nil
}

// pushAttestation attaches the bundle to each subject image in its (mapped)
// registry, with the job's login for it.
func pushAttestation(ctx context.Context, s *Step, subjects []attest.Subject, bundle []byte) error {
	for _, sub := range subjects {
		mapped := s.RegistryMap.Ref(strings.ToLower(sub.Name))
		host, repo := splitHost(mapped)
		auth := loginFor(s, mapped)
		c := registry.New(host, &registry.Auth{Username: auth.Username, Password: auth.Password}, s.HTTP)
		desc, _, err := c.Manifest(ctx, repo, sub.Digest)
		if err != nil {
			return fmt.Errorf("push attestation: %s@%s: %w", mapped, sub.Digest, err)
		}
		ref, err := attest.Push(ctx, c, repo, desc, bundle, time.Now())
		if err != nil {
			return fmt.Errorf("push attestation to %s: %w", mapped, err)
		}
		s.Log("Attestation uploaded to registry %s@%s (attached to %s)", host+"/"+repo, ref.Digest, sub.Digest)
	}
	return nil
}
