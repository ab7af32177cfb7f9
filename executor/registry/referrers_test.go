package registry

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const testArtifactType = "application/vnd.dev.sigstore.bundle.v0.3+json"

func attach(t *testing.T, c *Client, subject Descriptor, artifactType, content string) Descriptor {
	t.Helper()
	d, err := c.Attach(context.Background(), "app", subject, artifactType, artifactType, []byte(content),
		map[string]string{"org.opencontainers.image.created": "2024-05-06T07:08:09.000Z"})
	if err != nil {
		t.Fatalf("Attach: %v", err)
	}
	return d
}

func digests(ds []Descriptor) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Digest)
	}
	slices.Sort(out)
	return out
}

func TestAttachWithReferrersAPI(t *testing.T) {
	f := newFake(t, "bearer", true)
	c := New(f.host(), &Auth{"alice", "s3cret-pw"}, nil)
	ctx := context.Background()
	img := pushImage(t, c, "app", "v1", "x")
	a := attach(t, c, img, testArtifactType, "bundle one")
	b := attach(t, c, img, "application/spdx+json", "sbom")

	refs, api, err := c.Referrers(ctx, "app", img.Digest, "")
	if err != nil || !api {
		t.Fatalf("Referrers: api=%v err=%v", api, err)
	}
	if diff := cmp.Diff(digests([]Descriptor{a, b}), digests(refs)); diff != "" {
		t.Errorf("all referrers (-want +got):\n%s", diff)
	}
	refs, _, err = c.Referrers(ctx, "app", img.Digest, testArtifactType)
	if err != nil || len(refs) != 1 {
		t.Fatalf("filtered: %v %v", refs, err)
	}
	if diff := cmp.Diff(a, refs[0]); diff != "" {
		t.Errorf("descriptor (-attached +listed):\n%s", diff)
	}
	if tags, _ := c.Tags(ctx, "app"); slices.Contains(tags, ReferrersTag(img.Digest)) {
		t.Errorf("a registry with the referrers API got a referrers tag: %v", tags)
	}
	for _, r := range f.log() {
		if strings.Contains(r, "/referrers/"+zeroDigest) {
			t.Errorf("probed the API although the registry answered OCI-Subject")
		}
	}
}

func TestAttachProbesWhenNoSubjectHeader(t *testing.T) {
	f := newFake(t, "basic", true)
	f.noSubject = true
	c := New(f.host(), &Auth{"alice", "s3cret-pw"}, nil)
	img := pushImage(t, c, "app", "v1", "x")
	attach(t, c, img, testArtifactType, "bundle")
	if tags, _ := c.Tags(context.Background(), "app"); slices.Contains(tags, ReferrersTag(img.Digest)) {
		t.Errorf("the probe found the API, yet a referrers tag was written: %v", tags)
	}
}

func TestAttachFallsBackToTheTagSchema(t *testing.T) {
	f := newFake(t, "basic", false)
	c := New(f.host(), &Auth{"alice", "s3cret-pw"}, nil)
	ctx := context.Background()
	img := pushImage(t, c, "app", "v1", "x")
	a := attach(t, c, img, testArtifactType, "bundle one")
	b := attach(t, c, img, testArtifactType, "bundle two")
	attach(t, c, img, testArtifactType, "bundle two") // again: no duplicate entry
	attach(t, c, img, "application/spdx+json", "sbom")

	refs, api, err := c.Referrers(ctx, "app", img.Digest, testArtifactType)
	if err != nil || api {
		t.Fatalf("Referrers: api=%v err=%v", api, err)
	}
	if diff := cmp.Diff([]Descriptor{a, b}, refs); diff != "" {
		t.Errorf("referrers from the tag (-want +got):\n%s", diff)
	}
	all, _, _ := c.Referrers(ctx, "app", img.Digest, "")
	if len(all) != 3 {
		t.Errorf("%d referrers unfiltered, want 3", len(all))
	}
	// The first update created the tag; every later one was conditional
	// on the ETag read just before.
	if len(f.ifMatch) != 2 {
		t.Errorf("If-Match sent %d times, want 2: %v", len(f.ifMatch), f.ifMatch)
	}
	_, body, err := c.Manifest(ctx, "app", ReferrersTag(img.Digest))
	if err != nil {
		t.Fatal(err)
	}
	var idx index
	if err := json.Unmarshal(body, &idx); err != nil || idx.MediaType != MediaTypeOCIIndex || idx.SchemaVersion != 2 {
		t.Errorf("tag holds %s (%v), want an OCI index", body, err)
	}
}

func TestAttachRetriesAConflictingUpdate(t *testing.T) {
	f := newFake(t, "none", false)
	c := New(f.host(), nil, nil)
	img := pushImage(t, c, "app", "v1", "x")
	a := attach(t, c, img, testArtifactType, "one")
	f.conflict = true
	b := attach(t, c, img, testArtifactType, "two")
	refs, _, err := c.Referrers(context.Background(), "app", img.Digest, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{a.Digest, b.Digest, rivalDigest}
	slices.Sort(want)
	if diff := cmp.Diff(want, digests(refs)); diff != "" {
		t.Errorf("after a 412 and a retry (-want +got):\n%s", diff)
	}
}

func TestReferrersOfAnImageWithNone(t *testing.T) {
	for _, api := range []bool{true, false} {
		f := newFake(t, "none", api)
		c := New(f.host(), nil, nil)
		img := pushImage(t, c, "app", "v1", "x")
		refs, gotAPI, err := c.Referrers(context.Background(), "app", img.Digest, "")
		if err != nil || len(refs) != 0 || gotAPI != api {
			t.Errorf("api=%v: got %v, %v, %v; want none", api, refs, gotAPI, err)
		}
	}
}

func TestReferrersTag(t *testing.T) {
	d := "sha256:" + strings.Repeat("ab", 32)
	if got, want := ReferrersTag(d), "sha256-"+strings.Repeat("ab", 32); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	long := "sha512:" + strings.Repeat("c", 128)
	if got := ReferrersTag(long); got != "sha512-"+strings.Repeat("c", 64) {
		t.Errorf("sha512 tag %s: want the hex cut to 64", got)
	}
}
