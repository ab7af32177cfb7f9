package attest

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

var keyIDRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// VerifiedStatement is a statement whose bundle verified.
type VerifiedStatement struct {
	KeyID         string // the key that signed it
	Subjects      []Subject
	PredicateType string
	Predicate     SLSAPredicate
}

// Verify checks a bundle made by Sign: that the envelope's signature is good
// for pub (PEM or DER), that it holds an in-toto statement v1 with a SLSA v1
// provenance predicate, and that one of its subjects has digest
// ("sha256:<hex>"). Each failure is a one-line error saying which check
// failed.
func Verify(pub []byte, bundleJSON []byte, digest string) (*VerifiedStatement, error) {
	key, err := parsePublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if !sha256RE.MatchString(digest) {
		return nil, fmt.Errorf("verify: digest %q is not sha256:<64 lower-case hex>", digest)
	}
	payload, err := checkEnvelope(key, bundleJSON)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	vs, err := parseStatement(payload)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if !hasDigest(vs.Subjects, digest) {
		return nil, fmt.Errorf("verify: no subject of the statement has digest %s (it names %s)", digest, describe(vs.Subjects))
	}
	der, err := pkixDER(key)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	vs.KeyID = keyID(der)
	return vs, nil
}

// checkEnvelope returns the payload once the bundle's shape, payload type and
// signature are right.
func checkEnvelope(key ed25519.PublicKey, bundleJSON []byte) ([]byte, error) {
	var b bundle
	if err := json.Unmarshal(bundleJSON, &b); err != nil {
		return nil, fmt.Errorf("the bundle is not valid JSON: %v", err)
	}
	if b.MediaType != BundleMediaType {
		return nil, fmt.Errorf("bundle media type %q, want %s", b.MediaType, BundleMediaType)
	}
	env := b.DSSEEnvelope
	if env == nil {
		return nil, fmt.Errorf("the bundle has no dsseEnvelope")
	}
	if env.PayloadType != PayloadType {
		return nil, fmt.Errorf("payload type %q, want %s", env.PayloadType, PayloadType)
	}
	payload, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		return nil, fmt.Errorf("the envelope's payload is not base64: %v", err)
	}
	if len(env.Signatures) == 0 {
		return nil, fmt.Errorf("the envelope has no signature")
	}
	msg := pae(env.PayloadType, payload)
	for _, s := range env.Signatures {
		sig, err := base64.StdEncoding.DecodeString(s.Sig)
		if err == nil && ed25519.Verify(key, msg, sig) {
			return payload, nil
		}
	}
	hint := ""
	if b.VerificationMaterial.PublicKey != nil {
		hint = b.VerificationMaterial.PublicKey.Hint
	}
	der, err := pkixDER(key)
	// The hint is the bundle's word, shown only when it looks like a key ID
	// so that a crafted bundle cannot put anything else in the message.
	if err == nil && keyIDRE.MatchString(hint) && hint != keyID(der) {
		return nil, fmt.Errorf("signature does not verify: the bundle was signed by key %s, not by key %s", hint, keyID(der))
	}
	return nil, fmt.Errorf("signature does not verify: the statement or its signature was altered")
}

func parseStatement(payload []byte) (*VerifiedStatement, error) {
	var st struct {
		Type          string          `json:"_type"`
		Subject       []subjectJSON   `json:"subject"`
		PredicateType string          `json:"predicateType"`
		Predicate     json.RawMessage `json:"predicate"`
	}
	if err := json.Unmarshal(payload, &st); err != nil {
		return nil, fmt.Errorf("the payload is not an in-toto statement: %v", err)
	}
	if st.Type != StatementType {
		return nil, fmt.Errorf("statement type %q, want %s", st.Type, StatementType)
	}
	if st.PredicateType != PredicateType {
		return nil, fmt.Errorf("predicate type %q, want %s", st.PredicateType, PredicateType)
	}
	vs := &VerifiedStatement{PredicateType: st.PredicateType}
	if err := json.Unmarshal(st.Predicate, &vs.Predicate); err != nil {
		return nil, fmt.Errorf("the SLSA predicate is malformed: %v", err)
	}
	// SLSA v1 requires both; without them the predicate says nothing.
	if vs.Predicate.BuildDefinition.BuildType == "" || vs.Predicate.RunDetails.Builder.ID == "" {
		return nil, fmt.Errorf("the SLSA predicate has no buildType or builder.id")
	}
	for _, s := range st.Subject {
		if hex, ok := s.Digest["sha256"]; ok {
			vs.Subjects = append(vs.Subjects, Subject{Name: s.Name, Digest: "sha256:" + hex})
		}
	}
	return vs, nil
}

func hasDigest(subjects []Subject, digest string) bool {
	for _, s := range subjects {
		if s.Digest == digest {
			return true
		}
	}
	return false
}

func describe(subjects []Subject) string {
	if len(subjects) == 0 {
		return "no sha256 subject"
	}
	var parts []string
	for i, s := range subjects {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(subjects)-3))
			break
		}
		parts = append(parts, s.Name+"@"+s.Digest)
	}
	return strings.Join(parts, ", ")
}

// Summary describes what the statement attests, one "  name: value" line
// per fact, for a person checking an image.
func (v *VerifiedStatement) Summary() string {
	bd, wf := v.Predicate.BuildDefinition, v.Predicate.BuildDefinition.ExternalParameters.Workflow
	lines := [][2]string{
		{"signed by key", v.KeyID + " (local key, not Sigstore)"},
		{"subjects", describe(v.Subjects)},
		{"builder", v.Predicate.RunDetails.Builder.ID},
		{"workflow", wf.Repository + "/" + wf.Path + "@" + wf.Ref},
	}
	for _, d := range bd.ResolvedDependencies {
		lines = append(lines, [2]string{"source", d.URI + " " + d.Digest["gitCommit"]})
	}
	lines = append(lines,
		[2]string{"event", bd.InternalParameters.GitHub.EventName},
		[2]string{"run", v.Predicate.RunDetails.Metadata.InvocationID})
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "  %s: %s\n", l[0], l[1])
	}
	return b.String()
}
