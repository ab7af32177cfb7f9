package attest

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
)

const (
	// BundleMediaType is the Sigstore bundle version GitHub produces.
	BundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json"
	// PayloadType is the DSSE payload type of an in-toto statement.
	PayloadType = "application/vnd.in-toto+json"
)

// bundle has the shape of a Sigstore bundle v0.3 (protobuf JSON names).
type bundle struct {
	MediaType            string               `json:"mediaType"`
	VerificationMaterial verificationMaterial `json:"verificationMaterial"`
	DSSEEnvelope         *envelope            `json:"dsseEnvelope"`
}

type verificationMaterial struct {
	PublicKey *publicKeyIdentifier `json:"publicKey,omitempty"`
}

type publicKeyIdentifier struct {
	Hint string `json:"hint"`
}

type envelope struct {
	Payload     string      `json:"payload"` // standard base64
	PayloadType string      `json:"payloadType"`
	Signatures  []signature `json:"signatures"`
}

type signature struct {
	Sig   string `json:"sig"` // standard base64
	KeyID string `json:"keyid"`
}

// Sign wraps statement in a DSSE envelope signed with k over the envelope's
// pre-authentication encoding, and returns it in a Sigstore-bundle-shaped
// JSON whose verification material is the key's hint (KeyID).
//
// This is NOT a Sigstore signature. GitHub's bundles carry a short-lived
// Fulcio certificate bound to the workflow's OIDC identity, a Rekor
// transparency-log entry or an RFC 3161 timestamp; offline there is none of
// these. The bundle proves only that the holder of this installation's key
// signed the statement, and verifies only against that key's public half
// (Verify), not with `gh attestation verify` or cosign's keyless checks.
func Sign(k *Key, statement []byte) ([]byte, error) {
	if k == nil {
		return nil, fmt.Errorf("sign: no key")
	}
	if !json.Valid(statement) {
		return nil, fmt.Errorf("sign: the statement is not JSON")
	}
	return signEnvelope(k, PayloadType, statement)
}

func signEnvelope(k *Key, payloadType string, payload []byte) ([]byte, error) {
	sig := ed25519.Sign(k.priv, pae(payloadType, payload))
	b := bundle{
		MediaType:            BundleMediaType,
		VerificationMaterial: verificationMaterial{PublicKey: &publicKeyIdentifier{Hint: k.id}},
		DSSEEnvelope: &envelope{
			Payload:     base64.StdEncoding.EncodeToString(payload),
			PayloadType: payloadType,
			Signatures:  []signature{{Sig: base64.StdEncoding.EncodeToString(sig), KeyID: k.id}},
		},
	}
	out, err := marshal(b)
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	return out, nil
}

// pae is DSSE's pre-authentication encoding, what is actually signed:
// "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in decimal
// bytes. Binding the type stops a signature being reused for a payload
// read as something else.
func pae(payloadType string, payload []byte) []byte {
	buf := make([]byte, 0, len(payloadType)+len(payload)+32)
	buf = append(buf, "DSSEv1 "...)
	buf = strconv.AppendInt(buf, int64(len(payloadType)), 10)
	buf = append(buf, ' ')
	buf = append(buf, payloadType...)
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(len(payload)), 10)
	buf = append(buf, ' ')
	return append(buf, payload...)
}
