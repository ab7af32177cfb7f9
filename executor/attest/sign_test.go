package attest

import (
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testKey(t testing.TB) *Key {
	t.Helper()
	k, err := LoadOrCreateKey(filepath.Join(t.TempDir(), "attest.key"))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func signedBundle(t testing.TB, k *Key) []byte {
	t.Helper()
	st, err := Statement([]Subject{{Name: "ghcr.io/acme/app", Digest: testDigest}}, testProvenance)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Sign(k, st)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPAE(t *testing.T) {
	// The DSSE specification's own example.
	got := string(pae("http://example.com/HelloWorld", []byte("hello world")))
	if want := "DSSEv1 29 http://example.com/HelloWorld 11 hello world"; got != want {
		t.Errorf("pae = %q, want %q", got, want)
	}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	k := testKey(t)
	b := signedBundle(t, k)
	var shape struct {
		MediaType            string `json:"mediaType"`
		VerificationMaterial struct {
			PublicKey struct{ Hint string } `json:"publicKey"`
		} `json:"verificationMaterial"`
		DSSEEnvelope struct {
			PayloadType string `json:"payloadType"`
			Payload     string `json:"payload"`
			Signatures  []struct{ Sig, Keyid string }
		} `json:"dsseEnvelope"`
	}
	if err := json.Unmarshal(b, &shape); err != nil {
		t.Fatal(err)
	}
	if shape.MediaType != BundleMediaType || shape.VerificationMaterial.PublicKey.Hint != k.KeyID() ||
		shape.DSSEEnvelope.PayloadType != PayloadType || len(shape.DSSEEnvelope.Signatures) != 1 {
		t.Errorf("bundle shape: %s", b)
	}
	if payload, _ := base64.StdEncoding.DecodeString(shape.DSSEEnvelope.Payload); string(payload) != goldenStatement {
		t.Errorf("payload is not the statement: %s", payload)
	}
	vs, err := Verify(k.PublicKeyPEM(), b, testDigest)
	if err != nil {
		t.Fatal(err)
	}
	want := &VerifiedStatement{
		KeyID: k.KeyID(), Subjects: []Subject{{"ghcr.io/acme/app", testDigest}},
		PredicateType: PredicateType, Predicate: predicate(testProvenance),
	}
	if diff := cmp.Diff(want, vs); diff != "" {
		t.Errorf("verified statement (-want +got):\n%s", diff)
	}
	wantSummary := "  signed by key: " + k.KeyID() + " (local key, not Sigstore)\n" +
		"  subjects: ghcr.io/acme/app@" + testDigest + "\n" +
		"  builder: https://github.com/acme/app/.github/workflows/ci.yml@refs/heads/main\n" +
		"  workflow: https://github.com/acme/app/.github/workflows/ci.yml@refs/heads/main\n" +
		"  source: git+https://github.com/acme/app@refs/heads/main 860c1904a1ce19322e91ac35af1ab07466440c37\n" +
		"  event: push\n" +
		"  run: https://github.com/acme/app/actions/runs/4242/attempts/2\n"
	if diff := cmp.Diff(wantSummary, vs.Summary()); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
}

// rewrite decodes a bundle, lets edit change it and encodes it again.
func rewrite(t *testing.T, b []byte, edit func(*bundle)) []byte {
	t.Helper()
	var bb bundle
	if err := json.Unmarshal(b, &bb); err != nil {
		t.Fatal(err)
	}
	edit(&bb)
	out, err := json.Marshal(bb)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVerifyFailures(t *testing.T) {
	k, other := testKey(t), testKey(t)
	good := signedBundle(t, k)
	tampered := rewrite(t, good, func(b *bundle) {
		p, _ := base64.StdEncoding.DecodeString(b.DSSEEnvelope.Payload)
		p = []byte(strings.Replace(string(p), "refs/heads/main", "refs/heads/evil", 1))
		b.DSSEEnvelope.Payload = base64.StdEncoding.EncodeToString(p)
	})
	retyped := rewrite(t, good, func(b *bundle) { b.DSSEEnvelope.PayloadType = "application/json" })
	wrongType, err := signEnvelope(k, "application/json", []byte(goldenStatement))
	if err != nil {
		t.Fatal(err)
	}
	v01, _ := Sign(k, []byte(strings.Replace(goldenStatement, "Statement/v1", "Statement/v0.1", 1)))
	slsa02, _ := Sign(k, []byte(strings.Replace(goldenStatement, "slsa.dev/provenance/v1", "slsa.dev/provenance/v0.2", 1)))
	unsigned := rewrite(t, good, func(b *bundle) { b.DSSEEnvelope.Signatures = nil })
	for name, tc := range map[string]struct {
		pub    []byte
		bundle []byte
		digest string
		want   string
	}{
		"tampered payload":   {k.PublicKeyPEM(), tampered, testDigest, "signature does not verify: the statement or its signature was altered"},
		"wrong key":          {other.PublicKeyPEM(), good, testDigest, "signed by key " + k.KeyID() + ", not by key " + other.KeyID()},
		"wrong digest":       {k.PublicKeyPEM(), good, "sha256:" + strings.Repeat("f", 64), "no subject of the statement has digest sha256:fff"},
		"bad digest":         {k.PublicKeyPEM(), good, "latest", `digest "latest" is not sha256`},
		"wrong payload type": {k.PublicKeyPEM(), wrongType, testDigest, `payload type "application/json", want application/vnd.in-toto+json`},
		"retyped envelope":   {k.PublicKeyPEM(), retyped, testDigest, `payload type "application/json"`},
		"statement v0.1":     {k.PublicKeyPEM(), v01, testDigest, "statement type"},
		"slsa v0.2":          {k.PublicKeyPEM(), slsa02, testDigest, `predicate type "https://slsa.dev/provenance/v0.2"`},
		"no signature":       {k.PublicKeyPEM(), unsigned, testDigest, "no signature"},
		"not json":           {k.PublicKeyPEM(), []byte("not json"), testDigest, "not valid JSON"},
		"other media type":   {k.PublicKeyPEM(), []byte(`{"mediaType":"x"}`), testDigest, `bundle media type "x"`},
		"no envelope":        {k.PublicKeyPEM(), []byte(`{"mediaType":"` + BundleMediaType + `"}`), testDigest, "no dsseEnvelope"},
		"bad public key":     {[]byte("junk"), good, testDigest, "public key"},
	} {
		_, err := Verify(tc.pub, tc.bundle, tc.digest)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", name, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error is more than one line: %q", name, err)
		}
	}
}

func TestSignRejectsNonJSON(t *testing.T) {
	if _, err := Sign(testKey(t), []byte("{")); err == nil {
		t.Error("signed a statement that is not JSON")
	}
}
