package docker

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchContext is a small application: a few hundred files (about 2 MB),
// some of them ignored, and a Dockerfile with COPY and RUN steps, so that a
// warm-cache build still sends and checks a real context.
func benchContext(b *testing.B) string {
	b.Helper()
	files := map[string]string{
		"Dockerfile": "FROM gantry/debian:bookworm\nWORKDIR /app\nCOPY package.json ./\n" +
			"RUN echo installing > /installed\nCOPY . .\nRUN ls -R /app | wc -l > /count\nLABEL org.opencontainers.image.source=bench\n",
		".dockerignore": "**/*.log\nnode_modules\n.git\n",
		"package.json":  `{"name":"bench","version":"1.0.0"}`,
	}
	chunk := strings.Repeat("export const value = 42; // padding\n", 200) // ~7 KB
	for i := range 300 {
		files[fmt.Sprintf("src/mod%02d/file%03d.js", i%10, i)] = chunk
		if i%5 == 0 {
			files[fmt.Sprintf("logs/run%03d.log", i)] = chunk
			files[fmt.Sprintf("node_modules/dep%03d/index.js", i)] = chunk
		}
	}
	return writeContextDir(b, files)
}

// BenchmarkBuildPush times build + push of the same context to the same
// registry through gantry (Engine API) and through the docker CLI (`docker
// build` + `docker push`, logged in with a throwaway DOCKER_CONFIG), both
// with a warm build cache and a fresh tag per iteration, alternating which
// goes first. It reports gantry-ms/op, cli-ms/op and their ratio (the goal:
// gantry within 1.2x of the CLI).
func BenchmarkBuildPush(b *testing.B) {
	e := testEngine(b)
	r := startRegistry(b)
	docker := dockerCLI(b)
	dir := benchContext(b)
	ctx := context.Background()
	repo := r.host + "/gantry/bench"

	config := b.TempDir()
	cli := func(args ...string) {
		b.Helper()
		cmd := exec.Command(docker, args...)
		cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+config, "DOCKER_BUILDKIT=0")
		if args[0] == "login" {
			cmd.Stdin = strings.NewReader(r.pass)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("docker %s: %v\n%s", args[0], err, stderr.String())
		}
	}
	cli("login", "--username", r.user, "--password-stdin", r.host)
	if _, err := os.Stat(filepath.Join(config, "config.json")); err != nil {
		b.Fatalf("docker login wrote no config: %v", err)
	}

	var refs []string
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		for _, ref := range refs {
			if err := e.RemoveImage(ctx, ref); err != nil {
				b.Errorf("RemoveImage(%s): %v", ref, err)
			}
		}
	})
	n := 0
	viaGantry := func() time.Duration {
		n++
		ref := fmt.Sprintf("%s:g%d", repo, n)
		refs = append(refs, ref)
		start := time.Now()
		if _, err := e.Build(ctx, BuildSpec{ContextDir: dir, Tags: []string{ref}}, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := e.Push(ctx, ref, r.auth(), nil); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	viaCLI := func() time.Duration {
		n++
		ref := fmt.Sprintf("%s:c%d", repo, n)
		refs = append(refs, ref)
		start := time.Now()
		cli("build", "--network", "host", "-t", ref, dir)
		cli("push", ref)
		return time.Since(start)
	}
	// Warm up both: the first build fills the cache, the first push uploads
	// the layers.
	viaGantry()
	viaCLI()

	var ours, theirs time.Duration
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			ours += viaGantry()
			theirs += viaCLI()
		} else {
			theirs += viaCLI()
			ours += viaGantry()
		}
		i++
	}
	g := float64(ours.Microseconds()) / 1000 / float64(i)
	c := float64(theirs.Microseconds()) / 1000 / float64(i)
	b.ReportMetric(g, "gantry-ms/op")
	b.ReportMetric(c, "cli-ms/op")
	b.ReportMetric(g/c, "gantry/cli")
}
