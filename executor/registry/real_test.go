package registry

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gantry-ci/gantry/executor/registry/registrytest"
	"github.com/google/go-cmp/cmp"
)

// TestRealRegistry runs the client against Debian's docker-registry
// (distribution 2.8), the registry gantry's tests and users run locally.
// It fails, not skips, when that registry cannot be started.
func TestRealRegistry(t *testing.T) {
	reg := registrytest.Start(t)
	ctx := context.Background()
	c := New(reg.Host, &Auth{reg.User, reg.Pass}, nil)

	t.Run("ping", func(t *testing.T) {
		if err := c.Ping(ctx); err != nil {
			t.Fatalf("right password: %v", err)
		}
		err := New(reg.Host, &Auth{reg.User, "wrong-" + reg.Pass}, nil).Ping(ctx)
		var ae *AuthError
		if !errors.As(err, &ae) || ae.Status != http.StatusUnauthorized {
			t.Fatalf("wrong password: got %v, want *AuthError 401", err)
		}
		if strings.Contains(err.Error(), reg.Pass) {
			t.Errorf("the error shows the password: %v", err)
		}
	})

	img := pushImage(t, c, "gantry/app", "v1", "hello from gantry")
	t.Run("read back", func(t *testing.T) {
		d, body, err := c.Manifest(ctx, "gantry/app", "v1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(img, d); diff != "" {
			t.Errorf("by tag (-pushed +read):\n%s", diff)
		}
		if d2, _, err := c.Manifest(ctx, "gantry/app", img.Digest); err != nil || d2.Digest != img.Digest {
			t.Errorf("by digest: %v, %v", d2, err)
		}
		var m struct{ Config Descriptor }
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		rc, err := c.Blob(ctx, "gantry/app", m.Config.Digest)
		if err != nil {
			t.Fatal(err)
		}
		config, _ := io.ReadAll(rc)
		rc.Close()
		if Digest(config) != m.Config.Digest {
			t.Errorf("config blob does not match its digest")
		}
		if tags, err := c.Tags(ctx, "gantry/app"); err != nil || !slices.Equal(tags, []string{"v1"}) {
			t.Errorf("tags %v, %v; want [v1]", tags, err)
		}
	})

	t.Run("referrers through the tag schema", func(t *testing.T) {
		assertNoReferrersAPI(t, reg, img.Digest)
		a := attachTo(t, c, img, "first bundle")
		refs, api, err := c.Referrers(ctx, "gantry/app", img.Digest, testArtifactType)
		if err != nil || api {
			t.Fatalf("Referrers: api=%v err=%v; want the tag schema", api, err)
		}
		if diff := cmp.Diff([]Descriptor{a}, refs); diff != "" {
			t.Errorf("one attached (-want +got):\n%s", diff)
		}
		b := attachTo(t, c, img, "second bundle")
		refs, _, err = c.Referrers(ctx, "gantry/app", img.Digest, testArtifactType)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]Descriptor{a, b}, refs); diff != "" {
			t.Errorf("two attached, index updated (-want +got):\n%s", diff)
		}
		_, body, etag, err := c.manifest(ctx, "gantry/app", ReferrersTag(img.Digest))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("referrers tag: ETag %q", etag)
		_, _, err = c.putManifest(ctx, "gantry/app", ReferrersTag(img.Digest), MediaTypeOCIIndex, body, `"sha256:stale"`)
		t.Logf("PUT with a stale If-Match: %v", err)
		tags, _ := c.Tags(ctx, "gantry/app")
		slices.Sort(tags) // distribution 2.8 lists them in no particular order
		if !slices.Equal(tags, []string{ReferrersTag(img.Digest), "v1"}) {
			t.Errorf("tags %v: want the referrers tag and v1 only (artifacts pushed by digest)", tags)
		}
	})
}

func attachTo(t *testing.T, c *Client, img Descriptor, content string) Descriptor {
	t.Helper()
	d, err := c.Attach(context.Background(), "gantry/app", img, testArtifactType, testArtifactType, []byte(content),
		map[string]string{"org.opencontainers.image.created": "2024-05-06T07:08:09.000Z"})
	if err != nil {
		t.Fatalf("Attach: %v", err)
	}
	return d
}

// assertNoReferrersAPI records what distribution 2.8 answers: 404 for the
// referrers API, with or without credentials.
func assertNoReferrersAPI(t *testing.T, reg *registrytest.Registry, digest string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+reg.Host+"/v2/gantry/app/referrers/"+digest, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(reg.User, reg.Pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	t.Logf("GET /v2/gantry/app/referrers/<digest> → HTTP %d %q", resp.StatusCode, strings.TrimSpace(string(body)))
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the registry answered %d to the referrers API, want 404", resp.StatusCode)
	}
}
