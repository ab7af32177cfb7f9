package registry

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gantry-ci/gantry/executor/registry/registrytest"
	"github.com/google/go-cmp/cmp"
)

// pushImage pushes a tiny OCI image by tag and returns its descriptor.
func pushImage(t *testing.T, c *Client, repo, tag, content string) Descriptor {
	t.Helper()
	ctx := context.Background()
	config, layer := registrytest.TinyImage(content)
	cd, err := c.PushBlob(ctx, repo, "application/vnd.oci.image.config.v1+json", config)
	if err != nil {
		t.Fatalf("push config: %v", err)
	}
	ld, err := c.PushBlob(ctx, repo, "application/vnd.oci.image.layer.v1.tar+gzip", layer)
	if err != nil {
		t.Fatalf("push layer: %v", err)
	}
	body, err := json.Marshal(map[string]any{
		"schemaVersion": 2, "mediaType": MediaTypeOCIManifest, "config": cd, "layers": []Descriptor{ld},
	})
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := c.PutManifest(ctx, repo, tag, MediaTypeOCIManifest, body)
	if err != nil {
		t.Fatalf("push manifest: %v", err)
	}
	return d
}

func TestNewPicksSchemeAndAPIHost(t *testing.T) {
	for host, want := range map[string]string{
		"127.0.0.1:5000":  "http://127.0.0.1:5000",
		"127.1.2.3":       "http://127.1.2.3",
		"localhost:5000":  "http://localhost:5000",
		"[::1]:5000":      "http://[::1]:5000",
		"ghcr.io":         "https://ghcr.io",
		"docker.io":       "https://registry-1.docker.io",
		"index.docker.io": "https://registry-1.docker.io",
		"example.com:443": "https://example.com:443",
	} {
		if got := New(host, nil, nil).base; got != want {
			t.Errorf("New(%q) speaks to %s, want %s", host, got, want)
		}
	}
}

func TestPing(t *testing.T) {
	for _, mode := range []string{"basic", "bearer"} {
		t.Run(mode, func(t *testing.T) {
			f := newFake(t, mode, false)
			ctx := context.Background()
			if err := New(f.host(), &Auth{"alice", "s3cret-pw"}, nil).Ping(ctx); err != nil {
				t.Fatalf("right login: %v", err)
			}
			for _, auth := range []*Auth{{"alice", "wrong-pw"}, nil} {
				err := New(f.host(), auth, nil).Ping(ctx)
				var ae *AuthError
				if !errors.As(err, &ae) || ae.Status != http.StatusUnauthorized || ae.Host != f.host() {
					t.Fatalf("login %v: got %v, want *AuthError 401", auth, err)
				}
				if !strings.Contains(err.Error(), "refused the login") || strings.Contains(err.Error(), "wrong-pw") {
					t.Errorf("message %q", err)
				}
			}
		})
	}
}

func TestPushAndReadBack(t *testing.T) {
	for _, mode := range []string{"none", "basic", "bearer"} {
		t.Run(mode, func(t *testing.T) {
			f := newFake(t, mode, false)
			c := New(f.host(), &Auth{"alice", "s3cret-pw"}, nil)
			ctx := context.Background()
			img := pushImage(t, c, "team/app", "v1", "hello")
			pushImage(t, c, "team/app", "v2", "hello")
			d, body, err := c.Manifest(ctx, "team/app", "v1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(img, d); diff != "" {
				t.Errorf("by tag (-pushed +read):\n%s", diff)
			}
			if d2, body2, err := c.Manifest(ctx, "team/app", img.Digest); err != nil || !cmp.Equal(d2, d) || string(body2) != string(body) {
				t.Errorf("by digest: %v %v", d2, err)
			}
			tags, err := c.Tags(ctx, "team/app")
			if err != nil || !slices.Equal(tags, []string{"v1", "v2"}) {
				t.Errorf("tags %v, %v; want [v1 v2] over two pages", tags, err)
			}
			var m struct{ Layers []Descriptor }
			_ = json.Unmarshal(body, &m)
			rc, err := c.Blob(ctx, "team/app", m.Layers[0].Digest)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			if Digest(data) != m.Layers[0].Digest {
				t.Errorf("blob content does not match its digest")
			}
			// The second image has the same blobs: HEAD finds them, no upload.
			posts := 0
			for _, r := range f.log() {
				if strings.HasPrefix(r, "POST ") {
					posts++
				}
			}
			if posts != 2 {
				t.Errorf("%d uploads for two images sharing their blobs, want 2", posts)
			}
		})
	}
}

func TestBearerTokensAreCachedPerScope(t *testing.T) {
	f := newFake(t, "bearer", false)
	c := New(f.host(), &Auth{"alice", "s3cret-pw"}, nil)
	pushImage(t, c, "app", "v1", "a")
	afterPush := f.tokenCalls
	if afterPush != 1 {
		t.Errorf("%d token fetches for one push, want 1 (scope repository:app:pull,push)", afterPush)
	}
	pushImage(t, c, "app", "v2", "b")
	if _, _, err := c.Manifest(context.Background(), "app", "v1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Manifest(context.Background(), "app", "v2"); err != nil {
		t.Fatal(err)
	}
	if got := f.tokenCalls - afterPush; got != 1 {
		t.Errorf("%d more token fetches, want 1 (the pull scope, once)", got)
	}
	// A wrong password is refused by the token service.
	_, err := New(f.host(), &Auth{"alice", "nope"}, nil).PushBlob(context.Background(), "app", "x", []byte("x"))
	var ae *AuthError
	if !errors.As(err, &ae) {
		t.Errorf("wrong password: %v, want *AuthError", err)
	}
}

func TestCredentialsStayOnTheRegistry(t *testing.T) {
	var leaked []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = append(leaked, r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusCreated)
	}))
	defer other.Close()
	reg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := r.BasicAuth(); !ok {
			w.Header().Set("WWW-Authenticate", `Basic realm="r"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Header().Set("Location", other.URL+"/upload")
		w.WriteHeader(http.StatusAccepted)
	}))
	defer reg.Close()
	c := New(strings.TrimPrefix(reg.URL, "http://"), &Auth{"u", "p"}, nil)
	if _, err := c.PushBlob(context.Background(), "app", "x", []byte("data")); err != nil {
		t.Fatal(err)
	}
	if len(leaked) != 1 || leaked[0] != "" {
		t.Errorf("upload host got Authorization %q, want none", leaked)
	}
}

func TestBadInputsSendNothing(t *testing.T) {
	f := newFake(t, "none", false)
	c := New(f.host(), nil, nil)
	ctx := context.Background()
	if _, _, err := c.Manifest(ctx, "../etc", "v1"); err == nil {
		t.Error("repo ../etc accepted")
	}
	if _, _, err := c.Manifest(ctx, "app", "v1/../../x"); err == nil {
		t.Error("bad reference accepted")
	}
	if _, err := c.Blob(ctx, "app", "sha256:xyz"); err == nil {
		t.Error("bad digest accepted")
	}
	if _, _, err := c.Referrers(ctx, "app", "latest", ""); err == nil {
		t.Error("a tag accepted as a subject digest")
	}
	if n := len(f.log()); n != 0 {
		t.Errorf("%d requests sent for bad inputs", n)
	}
}

func TestErrorsCarryTheRegistryCode(t *testing.T) {
	f := newFake(t, "none", false)
	_, _, err := New(f.host(), nil, nil).Manifest(context.Background(), "app", "missing")
	if !IsNotFound(err) || !strings.Contains(err.Error(), "MANIFEST_UNKNOWN") {
		t.Errorf("got %v, want a 404 naming MANIFEST_UNKNOWN", err)
	}
}

func TestManifestDigestIsChecked(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", MediaTypeOCIManifest)
		w.Header().Set("Docker-Content-Digest", Digest([]byte("something else")))
		_, _ = w.Write([]byte(`{"schemaVersion":2}`))
	}))
	defer srv.Close()
	_, _, err := New(strings.TrimPrefix(srv.URL, "http://"), nil, nil).Manifest(context.Background(), "app", "v1")
	if err == nil || !strings.Contains(err.Error(), "has digest") {
		t.Errorf("got %v, want a digest mismatch", err)
	}
}

func TestPlainHTTPRealmGetsNoPassword(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="http://auth.example.invalid/token",service="s"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	err := New(strings.TrimPrefix(srv.URL, "http://"), &Auth{"u", "pw"}, nil).Ping(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not HTTPS") {
		t.Errorf("got %v, want a refusal to send the login over HTTP", err)
	}
}

func TestParseChallenges(t *testing.T) {
	got := parseChallenges([]string{
		`Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull,push"`,
		`Basic realm="gantry \"test\" registry"`,
		`Bearer realm=https://ghcr.io/token, service=ghcr.io`,
	})
	want := []challenge{
		{"bearer", map[string]string{"realm": "https://auth.docker.io/token", "service": "registry.docker.io", "scope": "repository:library/alpine:pull,push"}},
		{"basic", map[string]string{"realm": `gantry "test" registry`}},
		{"bearer", map[string]string{"realm": "https://ghcr.io/token", "service": "ghcr.io"}},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(challenge{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
