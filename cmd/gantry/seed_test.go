package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gantry-ci/gantry/executor/registry/registrytest"
)

// fixtureRepo makes a git repository of testdata/fixture with the given
// seed workflow, as a user's checkout of the guide's example would be.
func fixtureRepo(t *testing.T, seed string) string {
	t.Helper()
	wf, err := os.ReadFile(filepath.Join("../../testdata/seeds", seed))
	if err != nil {
		t.Fatal(err)
	}
	dir := gitRepo(t, string(wf))
	entries, err := os.ReadDir("../../testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("../../testdata/fixture", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, e.Name(), string(data))
	}
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "the fixture app")
	// The seeds publish from a push to the release branch.
	gitIn(t, dir, "checkout", "-q", "-b", "release")
	return dir
}

// TestSeedNpmBuildTestAndPublish runs the first seed end to end: the
// build job, its matrix test on Node 12.x and 14.x (checkout, setup-node
// from the npm registry into the tool cache, the build artifact passed
// between jobs), then the image pushed to docker.pkg.github.com, mapped to
// a local registry.
func TestSeedNpmBuildTestAndPublish(t *testing.T) {
	reg := registrytest.Start(t)
	dir := fixtureRepo(t, "1-npm-docker-pkg.yml")
	sha := gitHead(t, dir)
	image := "docker.pkg.github.com/octo/app/octo-image:" + sha
	removeImages(t, image, reg.Host+"/octo/app/octo-image:"+sha)
	artifacts := t.TempDir()
	code, stdout, stderr := run(t, "run", "-C", dir, "--pull", "never", "-a", reg.User, "-s", "GITHUB_TOKEN="+reg.Pass,
		"--registry-map", "docker.pkg.github.com="+reg.Host,
		"--artifact-dir", artifacts, "--node-mirror", "http://127.0.0.1:1/dist")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	noLeftovers(t, stdout)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`\[run-npm-build\] .*built public/ with node v18\.`),
		regexp.MustCompile(`\[run-npm-test \(ubuntu-latest, 12\.x\)\] .*tests passed on node v12\.\d+\.\d+ \(npm_config_user_agent: npm/6\.`),
		regexp.MustCompile(`\[run-npm-test \(ubuntu-latest, 14\.x\)\] .*tests passed on node v14\.\d+\.\d+ \(npm_config_user_agent: npm/6\.`),
		regexp.MustCompile(`Artifact webpack artifacts was downloaded`),
	} {
		if !want.MatchString(stdout) {
			t.Errorf("output lacks %s:\n%s", want, stdout)
		}
	}
	if tags := tagsOf(t, reg, "octo/app/octo-image"); !hasAll(tags, sha) {
		t.Errorf("the image is not in the registry: tags %v", tags)
	}
	m := regexp.MustCompile(`run (\d+) kept 1 artifact\(s\) in (\S+);`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("gantry did not say where the artifacts are:\n%s", stderr)
	}
	code, out, _ := run(t, "artifacts", "list", m[1], "--artifact-dir", artifacts)
	if code != ExitOK || !strings.Contains(out, "webpack artifacts") {
		t.Errorf("artifacts list: exit %d\n%s", code, out)
	}
	dest := t.TempDir()
	if code, out, errOut := run(t, "artifacts", "get", m[1], "webpack artifacts", dest, "--artifact-dir", artifacts); code != ExitOK {
		t.Fatalf("artifacts get: exit %d %s %s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dest, "js", "app.js")); err != nil {
		t.Errorf("the fetched artifact lacks js/app.js: %v", err)
	}
}
