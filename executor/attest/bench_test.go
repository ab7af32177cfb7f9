package attest

import "testing"

func BenchmarkSign(b *testing.B) {
	k := testKey(b)
	st, err := Statement([]Subject{{Name: "ghcr.io/acme/app", Digest: testDigest}}, testProvenance)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(k, st); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	k := testKey(b)
	bundle := signedBundle(b, k)
	pub := k.PublicKeyPEM()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Verify(pub, bundle, testDigest); err != nil {
			b.Fatal(err)
		}
	}
}
