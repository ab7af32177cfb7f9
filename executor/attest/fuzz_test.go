package attest

import (
	"strings"
	"testing"
)

// FuzzVerify feeds arbitrary bundles to Verify: it must answer, never panic.
func FuzzVerify(f *testing.F) {
	k := testKey(f)
	good := signedBundle(f, k)
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"mediaType":"` + BundleMediaType + `","dsseEnvelope":{"payload":"e30=","payloadType":"` + PayloadType + `","signatures":[{"sig":"AA=="}]}}`))
	f.Add([]byte(`{"mediaType":"` + BundleMediaType + `","dsseEnvelope":null}`))
	f.Add([]byte(strings.Repeat("[", 1000)))
	pub := k.PublicKeyPEM()
	f.Fuzz(func(t *testing.T, b []byte) {
		vs, err := Verify(pub, b, testDigest)
		if err == nil && vs == nil {
			t.Fatal("no error and no statement")
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
	})
}
