package attest

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/gantry-ci/gantry/executor/registry"
	"github.com/gantry-ci/gantry/executor/registry/registrytest"
)

func pushTinyImage(t *testing.T, c *registry.Client, repo string) registry.Descriptor {
	t.Helper()
	ctx := context.Background()
	config, layer := registrytest.TinyImage("attested")
	cd, err := c.PushBlob(ctx, repo, "application/vnd.oci.image.config.v1+json", config)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := c.PushBlob(ctx, repo, "application/vnd.oci.image.layer.v1.tar+gzip", layer)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{
		"schemaVersion": 2, "mediaType": registry.MediaTypeOCIManifest,
		"config": cd, "layers": []registry.Descriptor{ld},
	})
	d, _, err := c.PutManifest(ctx, repo, "v1", registry.MediaTypeOCIManifest, body)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPushFindRealRegistry pushes attestations to Debian's docker-registry,
// which has no referrers API, and finds them through the referrers tag.
func TestPushFindRealRegistry(t *testing.T) {
	reg := registrytest.Start(t)
	ctx := context.Background()
	c := registry.New(reg.Host, &registry.Auth{Username: reg.User, Password: reg.Pass}, nil)
	img := pushTinyImage(t, c, "acme/app")
	k := testKey(t)

	if found, err := Find(ctx, c, "acme/app", img.Digest); err != nil || len(found) != 0 {
		t.Fatalf("before any push: %d bundles, %v", len(found), err)
	}
	st, err := Statement([]Subject{{Name: reg.Host + "/acme/app", Digest: img.Digest}}, testProvenance)
	if err != nil {
		t.Fatal(err)
	}
	b1, err := Sign(k, st)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.FixedZone("CEST", 2*3600))
	d, err := Push(ctx, c, "acme/app", img, b1, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Annotations["org.opencontainers.image.created"]; got != "2024-05-06T05:08:09.123Z" {
		t.Errorf("created = %q, want toISOString's 2024-05-06T05:08:09.123Z", got)
	}
	refs, api, err := c.Referrers(ctx, "acme/app", img.Digest, "")
	if err != nil || api || len(refs) != 1 {
		t.Fatalf("Referrers: %v api=%v err=%v; want one, through the tag", refs, api, err)
	}
	if r := refs[0]; r.ArtifactType != BundleMediaType || r.Annotations["dev.sigstore.bundle.content"] != "dsse-envelope" ||
		r.Annotations["dev.sigstore.bundle.predicateType"] != PredicateType {
		t.Errorf("referrer descriptor %+v", r)
	}

	b2, _ := Sign(k, st)
	if _, err := Push(ctx, c, "acme/app", img, b2, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	found, err := Find(ctx, c, "acme/app", img.Digest)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || !bytes.Equal(found[0], b1) || !bytes.Equal(found[1], b2) {
		t.Fatalf("found %d bundles, want the two pushed, in order", len(found))
	}
	for _, b := range found {
		if _, err := Verify(k.PublicKeyPEM(), b, img.Digest); err != nil {
			t.Errorf("a found bundle does not verify: %v", err)
		}
	}
}
