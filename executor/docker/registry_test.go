package docker

import (
	"github.com/gantry-ci/gantry/executor"

	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	cerrdefs "github.com/containerd/errdefs"
)

// testRegistry is a real registry (Debian's docker-registry, distribution
// 2.8) on 127.0.0.1 with htpasswd auth, started by testdata/env/registry.sh.
type testRegistry struct {
	host, user, pass string
}

func (r testRegistry) auth() RegistryAuth {
	return RegistryAuth{ServerAddress: r.host, Username: r.user, Password: r.pass}
}

// startRegistry starts a registry for this test and stops it at the end. It
// fails, saying why, when it cannot: these tests are about the real thing.
func startRegistry(t testing.TB) testRegistry {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("..", "..", "testdata", "env", "registry.sh"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	dir := t.TempDir()
	r := testRegistry{host: fmt.Sprintf("127.0.0.1:%d", port), user: "gantry", pass: "pw-" + rand.Text()[:16]}
	out, err := exec.Command(script, "up", fmt.Sprint(port), dir, r.user, r.pass).CombinedOutput()
	if err != nil {
		t.Fatalf("start the test registry (%s up): %v\n%s\nthe registry tests need Debian's docker-registry and apache2-utils (testdata/env/engine.sh up installs them)", script, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command(script, "down", dir).CombinedOutput(); err != nil {
			t.Errorf("stop the test registry: %v\n%s", err, out)
		}
	})
	return r
}

// manifestDigest asks the registry itself for a manifest's digest, the way a
// client that pulls by tag sees it.
func (r testRegistry) manifestDigest(t testing.TB, repo, tag string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+r.host+"/v2/"+repo+"/manifests/"+tag, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(r.user, r.pass)
	req.Header.Set("Accept", strings.Join([]string{
		"application/vnd.docker.distribution.manifest.v2+json",
		"application/vnd.docker.distribution.manifest.list.v2+json",
		"application/vnd.oci.image.manifest.v1+json",
		"application/vnd.oci.image.index.v1+json",
	}, ", "))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET manifest %s:%s: %s %v %s", repo, tag, resp.Status, err, body)
	}
	sum := sha256.Sum256(body)
	if got, want := resp.Header.Get("Docker-Content-Digest"), "sha256:"+hex.EncodeToString(sum[:]); got != want {
		t.Errorf("Docker-Content-Digest %s, but the manifest hashes to %s", got, want)
	}
	return resp.Header.Get("Docker-Content-Digest")
}

func TestLogin(t *testing.T) {
	e := testEngine(t)
	r := startRegistry(t)
	ctx := context.Background()
	if err := e.Login(ctx, r.auth()); err != nil {
		t.Fatalf("Login with the right password: %v", err)
	}
	wrong := r.auth()
	wrong.Password = "wrong-" + rand.Text()[:10]
	err := e.Login(ctx, wrong)
	if err == nil {
		t.Fatal("Login with a wrong password succeeded")
	}
	msg := err.Error()
	t.Logf("wrong password: %s", msg)
	if !strings.HasPrefix(msg, "login to "+r.host+" refused: ") || !strings.Contains(msg, "401") ||
		strings.Contains(msg, "\n") || strings.Contains(msg, wrong.Password) || strings.Contains(msg, "daemon") {
		t.Errorf("wrong password: %q, want one line naming the registry and its answer, without the password", msg)
	}
	if !cerrdefs.IsUnauthorized(err) {
		t.Errorf("a refused login is not cerrdefs.IsUnauthorized: %#v", err)
	}
	unknown := r.auth()
	unknown.Username = "nobody"
	if err := e.Login(ctx, unknown); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("unknown user: %v, want refused", err)
	}
	// Nothing listens there: a failure, but not a refusal.
	closed := r.auth()
	closed.ServerAddress = "127.0.0.1:1"
	if err := e.Login(ctx, closed); err == nil || !strings.HasPrefix(err.Error(), "login to 127.0.0.1:1 failed: ") || strings.Contains(err.Error(), closed.Password) {
		t.Errorf("no registry: %v, want a one-line failure", err)
	}
	for _, a := range []RegistryAuth{{ServerAddress: r.host}, {ServerAddress: r.host, Username: "u"}, {ServerAddress: r.host, Password: "p"}} {
		if err := e.Login(ctx, a); err == nil || !strings.Contains(err.Error(), "required") {
			t.Errorf("Login(%v): %v, want a required-input error", a, err)
		}
	}
	if s := fmt.Sprintf("%v %+v %#v %s", r.auth(), r.auth(), r.auth(), r.auth()); strings.Contains(s, r.pass) {
		t.Errorf("formatting a RegistryAuth shows the password: %s", s)
	}
}

// Build, tag, push: the digest Push returns is the one the registry serves,
// and the engine records it in RepoDigests. Then the pushed image is a private
// base image: a build pulls it with Auths and fails without.
func TestPushDigest(t *testing.T) {
	e := testEngine(t)
	r := startRegistry(t)
	ctx := context.Background()
	token := strings.ToLower(rand.Text()[:10])
	dir := writeContextDir(t, map[string]string{"Dockerfile": "FROM gantry/debian:bookworm\nLABEL token=" + token + "\nRUN echo " + token + " > /token\n"})
	local := testImageName(t) + ":built"
	id, _ := testBuild(t, e, BuildSpec{ContextDir: dir, Tags: []string{local}})

	repo := "gantry/push-" + token
	ref := r.host + "/" + repo + ":v1"
	removeAtCleanup(t, e, ref)
	if err := e.Tag(ctx, id, ref); err != nil {
		t.Fatal(err)
	}
	if err := e.Tag(ctx, id, "127.0.0.1:5000/Upper:1"); err == nil || !strings.Contains(err.Error(), "must be lowercase") {
		t.Errorf("Tag to an upper-case name: %v", err)
	}

	// Without credentials, and with another registry's, the push fails in
	// one line; the second never reaches the engine.
	_, err := e.Push(ctx, ref, RegistryAuth{}, nil)
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("push without credentials: %v, want a one-line error", err)
	} else {
		t.Logf("push without credentials: %v", err)
	}
	other := r.auth()
	other.ServerAddress = "ghcr.io"
	if _, err := e.Push(ctx, ref, other, nil); err == nil || !strings.Contains(err.Error(), "credentials are for another registry") || strings.Contains(err.Error(), r.pass) {
		t.Errorf("push with another registry's credentials: %v", err)
	}
	if _, err := e.Push(ctx, r.host+"/"+repo+"@sha256:"+strings.Repeat("a", 64), r.auth(), nil); err == nil {
		t.Error("pushing a digest reference succeeded")
	}

	var log strings.Builder
	digest, err := e.Push(ctx, ref, r.auth(), &log)
	if err != nil {
		t.Fatalf("Push: %v\n%s", err, log.String())
	}
	t.Logf("pushed %s: %s\n%s", ref, digest, log.String())
	if got := r.manifestDigest(t, repo, "v1"); got != digest {
		t.Errorf("Push returned %s, the registry serves %s", digest, got)
	}
	if !strings.Contains(log.String(), "Pushed") || strings.Contains(log.String(), r.pass) {
		t.Errorf("push log:\n%s", log.String())
	}
	info, err := e.InspectImage(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(info.RepoDigests, r.host+"/"+repo+"@"+digest) || info.Labels["token"] != token {
		t.Errorf("InspectImage after push: %+v", info)
	}
	// Pushing the same image under a second tag gives the same manifest.
	ref2 := r.host + "/" + repo + ":v2"
	removeAtCleanup(t, e, ref2)
	if err := e.Tag(ctx, ref, ref2); err != nil {
		t.Fatal(err)
	}
	if d2, err := e.Push(ctx, ref2, r.auth(), nil); err != nil || d2 != digest {
		t.Errorf("second tag: %s, %v; want %s", d2, err, digest)
	}

	// The pushed image as a private base image. Drop the local registry
	// tag first so the builder has to pull it.
	if err := e.RemoveImage(ctx, ref); err != nil {
		t.Fatal(err)
	}
	from := writeContextDir(t, map[string]string{"Dockerfile": "FROM " + ref + "\nRUN cat /token\n"})
	noAuth := testImageName(t) + ":noauth"
	removeAtCleanup(t, e, noAuth)
	_, err = e.Build(ctx, BuildSpec{ContextDir: from, Tags: []string{noAuth}}, nil)
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("build FROM a private image without Auths: %v, want a one-line error", err)
	} else {
		t.Logf("without Auths: %v", err)
	}
	var blog strings.Builder
	withAuth := testImageName(t) + ":auth"
	removeAtCleanup(t, e, ref, withAuth) // ref is pulled back by the build
	_, err = e.Build(ctx, BuildSpec{ContextDir: from, Tags: []string{withAuth}, Auths: []RegistryAuth{r.auth()}}, &blog)
	if err != nil {
		t.Fatalf("build FROM a private image with Auths: %v\n%s", err, blog.String())
	}
	if !strings.Contains(blog.String(), token) {
		t.Errorf("build log does not show the base image's file:\n%s", blog.String())
	}

	// Pull: the base image is present now, and is checked with the registry
	// all the same; the pull's status lines are in the log.
	blog.Reset()
	pulled := testImageName(t) + ":pull"
	removeAtCleanup(t, e, pulled)
	if _, err := e.Build(ctx, BuildSpec{ContextDir: from, Tags: []string{pulled}, Pull: true, Auths: []RegistryAuth{r.auth()}}, &blog); err != nil {
		t.Fatalf("build with Pull: %v\n%s", err, blog.String())
	}
	if !strings.Contains(blog.String(), "Pulling from gantry/push-"+token) {
		t.Errorf("build with Pull did not pull:\n%s", blog.String())
	}
}

func TestRemoveImageIdempotent(t *testing.T) {
	e := testEngine(t)
	ctx := context.Background()
	dir := writeContextDir(t, map[string]string{"Dockerfile": "FROM gantry/debian:bookworm\nLABEL x=" + rand.Text() + "\n"})
	name := testImageName(t)
	id, _ := testBuild(t, e, BuildSpec{ContextDir: dir, Tags: []string{name + ":a", name + ":b"}})
	if err := e.RemoveImage(ctx, name+":a"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.InspectImage(ctx, id); err != nil {
		t.Errorf("removing one of two tags removed the image: %v", err)
	}
	if err := e.RemoveImage(ctx, id); err != nil { // by ID: all tags go
		t.Fatal(err)
	}
	if _, err := e.InspectImage(ctx, name+":b"); !cerrdefs.IsNotFound(err) || strings.Contains(err.Error(), "\n") {
		t.Errorf("InspectImage after removal: %v, want a one-line not-found", err)
	}
	for _, ref := range []string{id, name + ":a", name + ":b", "gantry-test/never-built:x"} {
		if err := e.RemoveImage(ctx, ref); err != nil {
			t.Errorf("RemoveImage(%s) again: %v", ref, err)
		}
	}
	if _, err := e.InspectImage(ctx, debianImage); err != nil {
		t.Fatalf("the base image is gone: %v", err)
	}
}

func TestParseReference(t *testing.T) {
	digest := "sha256:" + strings.Repeat("ab", 32)
	tests := []struct{ ref, host, repo, tag string }{
		{"ubuntu", "docker.io", "library/ubuntu", "latest"},
		{"ubuntu:22.04", "docker.io", "library/ubuntu", "22.04"},
		{"docker.io/library/ubuntu:latest", "docker.io", "library/ubuntu", "latest"},
		{"index.docker.io/foo/bar", "docker.io", "foo/bar", "latest"},
		{"owner/app:1.2.3", "docker.io", "owner/app", "1.2.3"},
		{"ghcr.io/owner/app:v1", "ghcr.io", "owner/app", "v1"},
		{"ghcr.io/owner/team/app", "ghcr.io", "owner/team/app", "latest"},
		{"127.0.0.1:5000/team/app:sha-abc", "127.0.0.1:5000", "team/app", "sha-abc"},
		{"localhost/app", "localhost", "app", "latest"},
		{"localhost:5000/app:x", "localhost:5000", "app", "x"},
		{"app@" + digest, "docker.io", "library/app", digest},
		{"Registry.Example.com/app:Tag_1", "Registry.Example.com", "app", "Tag_1"},
	}
	for _, tt := range tests {
		host, repo, tag, err := executor.ParseReference(tt.ref)
		if err != nil || host != tt.host || repo != tt.repo || tag != tt.tag {
			t.Errorf("executor.ParseReference(%q) = %q, %q, %q, %v; want %q, %q, %q", tt.ref, host, repo, tag, err, tt.host, tt.repo, tt.tag)
		}
	}
	bad := map[string]string{
		"Ubuntu":                "repository name (library/Ubuntu) must be lowercase",
		"ghcr.io/Owner/app":     "repository name (Owner/app) must be lowercase",
		"":                      "invalid reference",
		"app:bad tag":           "invalid reference format",
		"app:" + digest:         "invalid reference format",
		strings.Repeat("a", 64): "cannot specify 64-byte hexadecimal strings",
	}
	for ref, want := range bad {
		_, _, _, err := executor.ParseReference(ref)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("executor.ParseReference(%q) = %v, want an error with %q", ref, err, want)
		}
	}
}

// A cancelled push or build returns promptly with the context's error.
func TestPushCancelled(t *testing.T) {
	e := testEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if _, err := e.Push(ctx, "127.0.0.1:1/x/y:z", RegistryAuth{}, nil); err == nil {
		t.Error("cancelled push succeeded")
	}
	dir := writeContextDir(t, map[string]string{"Dockerfile": "FROM gantry/debian:bookworm\n"})
	if _, err := e.Build(ctx, BuildSpec{ContextDir: dir}, nil); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("cancelled build: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelled calls took %v", d)
	}
}
