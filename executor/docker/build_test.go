package docker

import (
	"context"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
	"github.com/docker/docker/api/types/image"
)

// testImageName is a repository name unique to this call. When the test
// ends, after its own clean-up, any image still tagged with it is a leak: the
// test fails and the image is removed.
func testImageName(t testing.TB) string {
	t.Helper()
	name := "gantry-test/" + strings.Trim(strings.ToLower(SanitizeName(t.Name())), "-_.") + "-" + strings.ToLower(rand.Text()[:8])
	t.Cleanup(func() {
		e := testEngine(t)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		list, err := e.api.ImageList(ctx, image.ListOptions{Filters: filters.NewArgs(filters.Arg("reference", name))})
		if err != nil {
			t.Errorf("list images: %v", err)
			return
		}
		for _, img := range list {
			t.Errorf("image %v left behind", img.RepoTags)
			for _, tag := range img.RepoTags {
				_ = e.RemoveImage(ctx, tag)
			}
		}
	})
	return name
}

// writeContextDir writes files (path → content) into a new directory.
func writeContextDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// removeAtCleanup removes image references when the test ends (tags, so that
// a shared base image is never touched), failing the test if that fails.
func removeAtCleanup(t testing.TB, e *Engine, refs ...string) {
	t.Helper()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		for _, ref := range refs {
			if err := e.RemoveImage(ctx, ref); err != nil {
				t.Errorf("RemoveImage(%s): %v", ref, err)
			}
		}
	})
}

// testBuild builds spec or fails the test, removing the image's tags at the
// end; it returns the image ID and the builder's output.
func testBuild(t testing.TB, e *Engine, spec BuildSpec) (string, string) {
	t.Helper()
	removeAtCleanup(t, e, spec.Tags...)
	var log strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	id, err := e.Build(ctx, spec, &log)
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, log.String())
	}
	return id, log.String()
}

const stagesDockerfile = `FROM gantry/debian:bookworm AS base
ARG GREETING=unset
RUN echo "greeting=$GREETING" > /greeting
LABEL stage=base

FROM base AS final
RUN echo final > /final
LABEL stage=final
`

func TestBuildLabelsArgsTarget(t *testing.T) {
	e := testEngine(t)
	dir := writeContextDir(t, map[string]string{"build/Containerfile": stagesDockerfile})
	name := testImageName(t)
	greeting := "hello-" + strings.ToLower(rand.Text()[:6])
	id, log := testBuild(t, e, BuildSpec{
		ContextDir: dir,
		Dockerfile: "build/Containerfile",
		Tags:       []string{name + ":base", name + ":other"},
		Labels:     map[string]string{"org.opencontainers.image.title": "gantry test"},
		BuildArgs:  map[string]string{"GREETING": greeting},
		Target:     "base",
	})
	if !strings.HasPrefix(id, "sha256:") || len(id) != len("sha256:")+64 {
		t.Errorf("image ID %q, want sha256:<64 hex>", id)
	}
	if !strings.Contains(log, "Step 1/") || strings.Contains(log, "echo final") {
		t.Errorf("build log does not show the base stage only:\n%s", log)
	}
	for _, l := range strings.SplitAfter(log, "\n") {
		if l != "" && !strings.HasSuffix(l, "\n") {
			t.Errorf("log line without its newline: %q", l)
		}
	}
	info, err := e.InspectImage(context.Background(), name+":base")
	if err != nil {
		t.Fatal(err)
	}
	if info.ID != id {
		t.Errorf("InspectImage ID %s, Build returned %s", info.ID, id)
	}
	if got := info.Labels["stage"]; got != "base" {
		t.Errorf("label stage = %q, want base (the target stage)", got)
	}
	if got := info.Labels["org.opencontainers.image.title"]; got != "gantry test" {
		t.Errorf("label title = %q", got)
	}
	if len(info.RepoTags) != 2 {
		t.Errorf("RepoTags %q, want both tags", info.RepoTags)
	}
	// The build argument reached the RUN step (which also shows RUN works on
	// the host network: this engine has no bridge).
	c := startJob(t, e, JobSpec{Image: id})
	if got := run(t, c, "cat", "/greeting"); got != "greeting="+greeting+"\n" {
		t.Errorf("/greeting = %q, want greeting=%s", got, greeting)
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err == nil {
		t.Error("fixture has a Dockerfile at the top; the test means to use build/Containerfile")
	}
}

// A failing RUN is one line: the step and the builder's message. The
// builder's own output is in the log, and no build container is left.
func TestBuildFailingRun(t *testing.T) {
	e := testEngine(t)
	token := "oops-" + strings.ToLower(rand.Text()[:8])
	dir := writeContextDir(t, map[string]string{"Dockerfile": "FROM gantry/debian:bookworm\nRUN echo " + token + " >&2 && exit 3\n"})
	var log strings.Builder
	tag := testImageName(t) + ":x"
	removeAtCleanup(t, e, tag)
	_, err := e.Build(context.Background(), BuildSpec{ContextDir: dir, Tags: []string{tag}}, &log)
	if err == nil {
		t.Fatal("Build succeeded, want the RUN step's failure")
	}
	msg := err.Error()
	t.Logf("error: %s", msg)
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "returned a non-zero code: 3") || !strings.Contains(msg, "step 2/2") {
		t.Errorf("error %q, want one line with the step and the builder's message", msg)
	}
	if !strings.Contains(log.String(), token+"\n") {
		t.Errorf("the failing step's output is not in the log:\n%s", log.String())
	}
	list, err := e.api.ContainerList(context.Background(), container.ListOptions{All: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if strings.Contains(c.Command, token) {
			t.Errorf("build container %s (%s) left behind", c.ID[:12], c.Command)
			_ = e.remove(context.Background(), c.ID)
		}
	}
}

func TestBuildNoCache(t *testing.T) {
	e := testEngine(t)
	token := strings.ToLower(rand.Text()[:8])
	dir := writeContextDir(t, map[string]string{"Dockerfile": "FROM gantry/debian:bookworm\nRUN echo " + token + " && date +%s%N > /built\n"})
	name := testImageName(t)
	first, _ := testBuild(t, e, BuildSpec{ContextDir: dir, Tags: []string{name + ":1"}})
	cached, log := testBuild(t, e, BuildSpec{ContextDir: dir, Tags: []string{name + ":2"}})
	if cached != first || !strings.Contains(log, "Using cache") {
		t.Errorf("second build %s (first %s) did not use the cache:\n%s", cached, first, log)
	}
	fresh, log := testBuild(t, e, BuildSpec{ContextDir: dir, Tags: []string{name + ":3"}, NoCache: true})
	if fresh == first || strings.Contains(log, "Using cache") || !strings.Contains(log, token) {
		t.Errorf("NoCache build %s (first %s) used the cache:\n%s", fresh, first, log)
	}
}

// Bad inputs fail before the engine is asked, each with one line.
func TestBuildBadInput(t *testing.T) {
	e := testEngine(t)
	dir := writeContextDir(t, map[string]string{"Dockerfile": "FROM gantry/debian:bookworm\n", "sub/x": "x"})
	outside := writeContextDir(t, map[string]string{"Dockerfile": "FROM scratch\n"})
	tests := []struct {
		spec BuildSpec
		want string
	}{
		{BuildSpec{ContextDir: filepath.Join(dir, "nope")}, "context directory"},
		{BuildSpec{ContextDir: filepath.Join(dir, "Dockerfile")}, "not a directory"},
		{BuildSpec{ContextDir: dir, Dockerfile: "Missing.Dockerfile"}, "cannot locate the Dockerfile"},
		{BuildSpec{ContextDir: dir, Dockerfile: "sub"}, "is a directory"},
		{BuildSpec{ContextDir: dir, Dockerfile: filepath.Join(outside, "Dockerfile")}, "must be within the build context"},
		{BuildSpec{ContextDir: dir, Dockerfile: "../" + filepath.Base(outside) + "/Dockerfile"}, "must be within the build context"},
		{BuildSpec{ContextDir: dir, Tags: []string{"gantry/Upper:1"}}, "repository name (gantry/Upper) must be lowercase"},
	}
	for _, tt := range tests {
		_, err := e.Build(context.Background(), tt.spec, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Build(%+v) = %v, want one line with %q", tt.spec, err, tt.want)
		}
	}
	// An absolute Dockerfile path inside the context is fine, and so is a
	// syntax error reported by the builder as one line.
	bad := writeContextDir(t, map[string]string{"df/Dockerfile": "FROM gantry/debian:bookworm\nFROBNICATE x\n"})
	_, err := e.Build(context.Background(), BuildSpec{ContextDir: bad, Dockerfile: filepath.Join(bad, "df/Dockerfile")}, nil)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "frobnicate") || strings.Contains(err.Error(), "\n") {
		t.Errorf("unknown instruction: %v, want one line naming it", err)
	} else {
		t.Logf("unknown instruction: %v", err)
	}
}

// Cancelling a build in the middle of a RUN step returns at once, and the
// step's container goes away (Ctrl-C leaves nothing behind).
func TestBuildCancelled(t *testing.T) {
	e := testEngine(t)
	token := "sleeper-" + strings.ToLower(rand.Text()[:8])
	dir := writeContextDir(t, map[string]string{"Dockerfile": "FROM gantry/debian:bookworm\nRUN echo " + token + " && sleep 60\n"})
	ctx, cancel := context.WithCancel(context.Background())
	var log strings.Builder
	done := make(chan error, 1)
	go func() {
		_, err := e.Build(ctx, BuildSpec{ContextDir: dir}, &syncWriter{w: &log, seen: token, ready: cancel})
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the build was not cancelled")
	}
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("cancelled build: %v", err)
	}
	leftover := func() []string {
		list, err := e.api.ContainerList(context.Background(), container.ListOptions{All: true})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range list {
			if strings.Contains(c.Command, token) {
				ids = append(ids, c.ID)
			}
		}
		return ids
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(leftover()) > 0 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	for _, id := range leftover() {
		t.Errorf("build container %s left behind after cancel", id[:12])
		_ = e.remove(context.Background(), id)
	}
}

// syncWriter calls ready once the output shows seen.
type syncWriter struct {
	w     *strings.Builder
	seen  string
	ready func()
	mu    sync.Mutex
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w.Write(p)
	if s.ready != nil && strings.Contains(s.w.String(), s.seen+"\n") {
		s.ready()
		s.ready = nil
	}
	return len(p), nil
}

// The context gantry sends and the one `docker build` sends give COPY the same
// files: build both with the same .dockerignore and compare what COPY saw.
func TestBuildContextMatchesDockerCLI(t *testing.T) {
	e := testEngine(t)
	docker, err := exec.LookPath("docker")
	if err != nil {
		t.Fatalf("this test compares with the docker CLI: %v", err)
	}
	files := map[string]string{
		"Dockerfile": "FROM gantry/debian:bookworm\nCOPY . /ctx\n",
		".dockerignore": "# build outputs\n*.log\n!keep.log\n**/node_modules\ndir/\nDockerfile\n.dockerignore\n" +
			"src\n!src/main.go\n**/*.tmp\n/secret?.txt\n",
	}
	for _, f := range append(contextFixture, "secret1.txt", "secretAB.txt", "web/x.tmp", "x.tmp", "src/deep/z.go") {
		if _, ok := files[f]; !ok {
			files[f] = "content of " + f + "\n"
		}
	}
	dir := writeContextDir(t, files)
	if err := os.Symlink("README.md", filepath.Join(dir, "readme-link")); err != nil {
		t.Fatal(err)
	}
	name := testImageName(t)
	ours, _ := testBuild(t, e, BuildSpec{ContextDir: dir, Tags: []string{name + ":gantry"}})

	removeAtCleanup(t, e, name+":cli")
	cmd := exec.Command(docker, "build", "-q", "--network", "host", "-t", name+":cli", dir)
	cmd.Env = append(os.Environ(), "DOCKER_BUILDKIT=0")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("docker build: %v\n%s", err, stderr.String())
	}
	theirs := strings.TrimSpace(string(out))
	// The classic builder's COPY cache key is the content of what was sent,
	// so an identical context gives the very same image.
	if ours != theirs {
		t.Errorf("gantry built %s, the CLI %s from the same context", ours, theirs)
	}

	list := func(img string) string {
		c := startJob(t, e, JobSpec{Image: img})
		return run(t, c, "sh", "-c", "cd /ctx && find . -printf '%p %y %m %s %U:%G %l\\n' | sort")
	}
	want, got := list(name+":cli"), list(name+":gantry")
	if got != want {
		t.Errorf("COPY saw different files.\ngantry:\n%s\ndocker CLI:\n%s", got, want)
	}
	for _, gone := range []string{"./a.log", "./src/debug.log", "./web/node_modules", "./dir/f.txt", "./x.tmp", "./secret1.txt", "./Dockerfile", "./.dockerignore"} {
		if strings.Contains(got, gone) {
			t.Errorf("%s reached COPY:\n%s", gone, got)
		}
	}
	for _, kept := range []string{"./keep.log", "./src/main.go", "./other/dir/h.txt", "./secretAB.txt", "./readme-link l"} {
		if !strings.Contains(got, kept) {
			t.Errorf("%s did not reach COPY:\n%s", kept, got)
		}
	}
}
