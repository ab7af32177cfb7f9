package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gantry-ci/gantry/executor/registry"
	"github.com/gantry-ci/gantry/executor/registry/registrytest"
)

// noLeftovers checks that the run whose output is stdout left no
// container in the engine.
func noLeftovers(t *testing.T, stdout string) {
	t.Helper()
	m := regexp.MustCompile(`: run (\d+): `).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no run id in the output:\n%s", stdout)
	}
	ps, err := exec.Command("docker", "ps", "-aq", "--filter", "label=gantry.run="+m[1]).Output()
	if err != nil || len(strings.TrimSpace(string(ps))) != 0 {
		t.Errorf("run %s left containers behind: %q (%v)", m[1], ps, err)
	}
}

// removeImages removes the images a publishing test built, so nothing is
// left behind in the engine.
func removeImages(t *testing.T, refs ...string) {
	t.Cleanup(func() {
		for _, r := range refs {
			_ = exec.Command("docker", "rmi", "-f", r).Run()
		}
	})
}

// TestSeedGhcrPublishAndAttest runs the ghcr.io seed (login, metadata,
// build-push, attest with push-to-registry) on a push to release, with
// ghcr.io mapped to a real local registry with htpasswd auth, and checks
// what a user would check in the registry.
func TestSeedGhcrPublishAndAttest(t *testing.T) {
	reg := registrytest.Start(t)
	dir := fixtureRepo(t, "2-ghcr-attest.yml")
	key := filepath.Join(t.TempDir(), "key.pem")
	removeImages(t, "ghcr.io/octo/app:release", reg.Host+"/octo/app:release")
	code, stdout, stderr := run(t, "run", "-C", dir, "-a", reg.User, "-s", "GITHUB_TOKEN="+reg.Pass,
		"--registry-map", "ghcr.io="+reg.Host, "--attest-key", key, "--pull", "never", "--artifact-dir", t.TempDir())
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	noLeftovers(t, stdout)
	if strings.Contains(stdout+stderr, reg.Pass) {
		t.Error("the registry password reached the output")
	}
	c := registry.New(reg.Host, &registry.Auth{Username: reg.User, Password: reg.Pass}, nil)
	desc, body, err := c.Manifest(context.Background(), "octo/app", "release")
	if err != nil {
		t.Fatalf("the image is not in the registry: %v", err)
	}
	if !strings.Contains(stdout, "as "+desc.Digest) {
		t.Errorf("build-push's digest output is not the registry's %s:\n%s", desc.Digest, stdout)
	}
	labels := imageLabels(t, c, body)
	for k, want := range map[string]string{
		"org.opencontainers.image.title":    "app",
		"org.opencontainers.image.version":  "release",
		"org.opencontainers.image.source":   "https://github.com/octo/app",
		"org.opencontainers.image.revision": gitHead(t, dir),
	} {
		if labels[k] != want {
			t.Errorf("label %s = %q, want %q (all: %v)", k, labels[k], want, labels)
		}
	}
	t.Setenv("GANTRY_REGISTRY_PASSWORD", reg.Pass)
	code, out, errOut := run(t, "attestation", "verify", "ghcr.io/octo/app@"+desc.Digest, "--key", key+".pub",
		"--registry-map", "ghcr.io="+reg.Host, "--username", reg.User)
	if code != ExitOK || !strings.Contains(out, "verified: ghcr.io/octo/app@"+desc.Digest) {
		t.Errorf("attestation verify: exit %d\n%s\n%s", code, out, errOut)
	}
	if home, _ := os.UserHomeDir(); fileContains(filepath.Join(home, ".docker", "config.json"), reg.Host) {
		t.Error("the login reached the user's ~/.docker/config.json")
	}
}

func TestSeedGhcrWrongPasswordIsRefused(t *testing.T) {
	reg := registrytest.Start(t)
	dir := fixtureRepo(t, "2-ghcr-attest.yml")
	code, stdout, _ := run(t, "run", "-C", dir, "-a", reg.User, "-s", "GITHUB_TOKEN=not-the-password",
		"--registry-map", "ghcr.io="+reg.Host, "--attest-key", filepath.Join(t.TempDir(), "k.pem"), "--pull", "never", "--artifact-dir", t.TempDir())
	if code != ExitFailure || !strings.Contains(stdout, "refused") || !strings.Contains(stdout, "failed at step: Log in to the Container registry") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}

func imageLabels(t *testing.T, c *registry.Client, manifest []byte) map[string]string {
	t.Helper()
	var m struct{ Config struct{ Digest string } }
	if err := json.Unmarshal(manifest, &m); err != nil {
		t.Fatal(err)
	}
	rc, err := c.Blob(context.Background(), "octo/app", m.Config.Digest)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var cfg struct {
		Config struct{ Labels map[string]string }
	}
	if err := json.NewDecoder(rc).Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	return cfg.Config.Labels
}

func gitHead(t *testing.T, dir string) string {
	out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func fileContains(path, s string) bool {
	data, err := os.ReadFile(path)
	return err == nil && strings.Contains(string(data), s)
}

// tagsOf lists a repository's tags in the test registry.
func tagsOf(t *testing.T, reg *registrytest.Registry, repo string) []string {
	t.Helper()
	c := registry.New(reg.Host, &registry.Auth{Username: reg.User, Password: reg.Pass}, nil)
	tags, err := c.Tags(context.Background(), repo)
	if err != nil {
		t.Fatalf("tags of %s: %v", repo, err)
	}
	return tags
}

func hasAll(have []string, want ...string) bool {
	set := map[string]bool{}
	for _, h := range have {
		set[h] = true
	}
	for _, w := range want {
		if !set[w] {
			return false
		}
	}
	return true
}

// TestSeedDemoPushWithTheDockerCLI runs "Demo Push": docker build, login
// and push by the docker CLI in run steps, which --registry-map reaches
// through the job's docker shim.
func TestSeedDemoPushWithTheDockerCLI(t *testing.T) {
	reg := registrytest.Start(t)
	dir := fixtureRepo(t, "3-demo-push.yml")
	removeImages(t, "ghtoken_product_demo", "ghcr.io/octo/ghtoken_product_demo:latest", reg.Host+"/octo/ghtoken_product_demo:latest")
	code, stdout, stderr := run(t, "run", "-C", dir, "--ref", "refs/heads/master", "-a", reg.User, "-s", "GITHUB_TOKEN="+reg.Pass,
		"--registry-map", "ghcr.io="+reg.Host, "--pull", "never", "--artifact-dir", t.TempDir())
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	noLeftovers(t, stdout)
	if !hasAll(tagsOf(t, reg, "octo/ghtoken_product_demo"), "latest") {
		t.Errorf("no :latest for master in the registry\n%s", stdout)
	}
	if strings.Contains(stdout, reg.Pass) {
		t.Error("the password reached the log")
	}
}

// TestSeedDockerHubRelease runs the Docker Hub seed on a published release
// (a tag on HEAD), with docker.io mapped to the test registry.
func TestSeedDockerHubRelease(t *testing.T) {
	reg := registrytest.Start(t)
	dir := fixtureRepo(t, "4-dockerhub-release.yml")
	gitIn(t, dir, "tag", "v1.2.3")
	repo := "my-docker-hub-namespace/my-docker-hub-repository"
	removeImages(t, repo+":v1.2.3", repo+":latest", reg.Host+"/"+repo+":v1.2.3", reg.Host+"/"+repo+":latest")
	code, stdout, stderr := run(t, "run", "release", "-C", dir, "-s", "DOCKER_USERNAME="+reg.User, "-s", "DOCKER_PASSWORD="+reg.Pass,
		"--registry-map", "docker.io="+reg.Host, "--attest-key", filepath.Join(t.TempDir(), "k.pem"), "--pull", "never", "--artifact-dir", t.TempDir())
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	noLeftovers(t, stdout)
	if tags := tagsOf(t, reg, repo); !hasAll(tags, "v1.2.3", "latest") {
		t.Errorf("tags %v, want v1.2.3 and latest", tags)
	}
}

// TestSeedDockerHubAndGhcr pushes one build to both registries.
func TestSeedDockerHubAndGhcr(t *testing.T) {
	reg := registrytest.Start(t)
	dir := fixtureRepo(t, "5-dockerhub-and-ghcr.yml")
	gitIn(t, dir, "tag", "v2.0.0")
	hub := "my-docker-hub-namespace/my-docker-hub-repository"
	removeImages(t, hub+":v2.0.0", hub+":latest", "ghcr.io/octo/app:v2.0.0", "ghcr.io/octo/app:latest",
		reg.Host+"/"+hub+":v2.0.0", reg.Host+"/"+hub+":latest", reg.Host+"/octo/app:v2.0.0", reg.Host+"/octo/app:latest")
	code, stdout, stderr := run(t, "run", "release", "-C", dir, "-a", reg.User, "-s", "GITHUB_TOKEN="+reg.Pass,
		"-s", "DOCKER_USERNAME="+reg.User, "-s", "DOCKER_PASSWORD="+reg.Pass,
		"--registry-map", "docker.io="+reg.Host, "--registry-map", "ghcr.io="+reg.Host,
		"--attest-key", filepath.Join(t.TempDir(), "k.pem"), "--pull", "never", "--artifact-dir", t.TempDir())
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	noLeftovers(t, stdout)
	for _, repo := range []string{hub, "octo/app"} {
		if tags := tagsOf(t, reg, repo); !hasAll(tags, "v2.0.0", "latest") {
			t.Errorf("%s: tags %v, want v2.0.0 and latest", repo, tags)
		}
	}
}
