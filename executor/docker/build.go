package docker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/docker/docker/api/types/build"
	"github.com/docker/docker/api/types/registry"

	"github.com/gantry-ci/gantry/executor"
)

// Builder choice. Build uses the engine's classic builder (API "version=1"),
// the one `docker build` uses on this engine without buildx (DOCKER_BUILDKIT=0).
// BuildKit through the Engine API ("version=2") does not take the context in
// the request body: the client must first open a session (POST /session,
// hijacked into HTTP/2 gRPC) and serve the context, the Dockerfile and
// registry credentials from it through BuildKit's filesync and auth
// protocols. That means vendoring github.com/moby/buildkit's session code
// (a large dependency tree) to talk to the engine's embedded BuildKit, which
// on the 20.10 test engine is v0.8 with its own quirks. The classic builder
// needs nothing but the tar in the request body and covers what
// docker/build-push-action's workflows use: tags, labels, build args, target,
// no-cache, pull, private base images. What it lacks, and what a workflow needing
// it gets as the builder's own error: RUN --mount, heredocs, `# syntax=`
// frontends, multi-platform output, and attestations (a pushed image is one
// single-platform manifest, not an OCI index).

// BuildSpec is one image build (the contract's type).
type BuildSpec = executor.BuildSpec

// Build builds spec with the engine's classic builder and returns the image
// ID (sha256:…). The context is streamed as a tar that honours .dockerignore
// as docker does (the Dockerfile and .dockerignore are always sent); RUN steps
// use the host network. The builder's output goes to log line by line as it
// arrives. A failed build is a one-line error carrying the step and the
// builder's message; the builder removes its intermediate containers on
// failure too.
func (e *Engine) Build(ctx context.Context, spec BuildSpec, log io.Writer) (string, error) {
	log = orDiscard(log)
	dir, dockerfile, err := buildPaths(spec.ContextDir, spec.Dockerfile)
	if err != nil {
		return "", fmt.Errorf("build: %w", err)
	}
	for _, t := range spec.Tags {
		if _, _, _, err := executor.ParseReference(t); err != nil {
			return "", fmt.Errorf("build: tag: %w", err)
		}
	}
	matcher, err := contextMatcher(dir, dockerfile)
	if err != nil {
		return "", fmt.Errorf("build: %w", err)
	}
	opts := build.ImageBuildOptions{
		Version:     build.BuilderV1,
		Dockerfile:  dockerfile,
		Tags:        spec.Tags,
		Labels:      spec.Labels,
		Target:      spec.Target,
		NoCache:     spec.NoCache,
		PullParent:  spec.Pull,
		NetworkMode: "host",
		Remove:      true,
		// The CLI keeps the container of a failed step (--force-rm=false);
		// gantry leaves nothing behind.
		ForceRemove: true,
		AuthConfigs: map[string]registry.AuthConfig{},
	}
	if len(spec.BuildArgs) > 0 {
		opts.BuildArgs = make(map[string]*string, len(spec.BuildArgs))
		for k, v := range spec.BuildArgs {
			opts.BuildArgs[k] = &v
		}
	}
	var passwords []string
	for _, a := range spec.Auths {
		opts.AuthConfigs[authKey(a.ServerAddress)] = authConfig(a)
		passwords = append(passwords, a.Password)
	}

	// The context goes through a pipe: written while the engine reads it,
	// never held whole in memory.
	pr, pw := io.Pipe()
	tarDone := make(chan error, 1)
	go func() {
		err := writeContext(pw, dir, matcher)
		pw.CloseWithError(err) // nil: a clean end of the tar
		tarDone <- err
	}()
	// contextErr stops the writer, if still running, and returns why it
	// failed, unless the failure is only that the reader went away.
	contextErr := func() error {
		pr.CloseWithError(errContextClosed)
		err := <-tarDone
		if err == nil || errors.Is(err, errContextClosed) || errors.Is(err, io.ErrClosedPipe) {
			return nil
		}
		return err
	}

	resp, err := e.api.ImageBuild(ctx, pr, opts)
	if err != nil {
		if terr := contextErr(); terr != nil {
			return "", fmt.Errorf("build: %w", terr)
		}
		if ctx.Err() != nil {
			return "", fmt.Errorf("build: %w", ctx.Err())
		}
		return "", &engineError{msg: "build: " + engineMessage(err, passwords...), err: err}
	}
	id, err := readBuild(ctx, resp.Body, log)
	_ = resp.Body.Close()
	if terr := contextErr(); terr != nil {
		return "", fmt.Errorf("build: %w", terr)
	}
	if err != nil {
		return "", fmt.Errorf("build: %s", scrub(err.Error(), passwords...))
	}
	if !strings.HasPrefix(id, "sha256:") {
		// An engine that does not send the aux ID message: resolve the
		// short ID of "Successfully built".
		info, err := e.InspectImage(ctx, id)
		if err != nil {
			return "", fmt.Errorf("build: %w", err)
		}
		id = info.ID
	}
	return id, nil
}

var errContextClosed = errors.New("build context no longer read")

// buildPaths resolves the context directory and the Dockerfile as the docker
// CLI does (symlinks evaluated, "dockerfile" when "Dockerfile" is missing) and
// returns the Dockerfile's slash-separated path inside the context.
func buildPaths(contextDir, dockerfile string) (dir, rel string, err error) {
	if contextDir == "" {
		return "", "", errors.New("no context directory")
	}
	dir, err = filepath.Abs(contextDir)
	if err == nil {
		dir, err = filepath.EvalSymlinks(dir)
	}
	if err != nil {
		return "", "", fmt.Errorf("context directory %s: %w", contextDir, unwrapPath(err))
	}
	if fi, err := os.Stat(dir); err != nil {
		return "", "", fmt.Errorf("context directory %s: %w", contextDir, unwrapPath(err))
	} else if !fi.IsDir() {
		return "", "", fmt.Errorf("context directory %s: not a directory", contextDir)
	}
	path := dockerfile
	if path == "" {
		path = filepath.Join(dir, "Dockerfile")
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			if _, err := os.Lstat(filepath.Join(dir, "dockerfile")); err == nil {
				path = filepath.Join(dir, "dockerfile")
			}
		}
	} else if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	resolved, err := filepath.EvalSymlinks(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", fmt.Errorf("cannot locate the Dockerfile %s", path)
	} else if err != nil {
		return "", "", fmt.Errorf("the Dockerfile %s: %w", path, unwrapPath(err))
	}
	rel, err = filepath.Rel(dir, resolved)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", fmt.Errorf("the Dockerfile (%s) must be within the build context (%s)", path, contextDir)
	}
	if fi, err := os.Stat(resolved); err != nil {
		return "", "", fmt.Errorf("the Dockerfile %s: %w", path, unwrapPath(err))
	} else if fi.IsDir() {
		return "", "", fmt.Errorf("the Dockerfile %s is a directory", path)
	}
	return dir, filepath.ToSlash(rel), nil
}

// unwrapPath drops the path a *fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// stepLine is the classic builder's header of each instruction.
var stepLine = regexp.MustCompile(`^Step (\d+/\d+) : (.*)$`)

// successLine is how the classic builder names the image it made.
var successLine = regexp.MustCompile(`^Successfully built ([0-9a-f]+)$`)

// readBuild reads the build's progress stream to its end, passing the output
// to log a line at a time, and returns the image ID: the aux {"ID": …}
// message's, or else the short ID of "Successfully built".
func readBuild(ctx context.Context, body io.Reader, log io.Writer) (string, error) {
	var (
		id, shortID, step string
		lines             = lineWriter{w: log}
	)
	lines.line = func(l string) {
		if m := stepLine.FindStringSubmatch(l); m != nil {
			step = "step " + m[1] + " (" + m[2] + ")"
		} else if m := successLine.FindStringSubmatch(l); m != nil {
			shortID = m[1]
		}
	}
	err := readProgress(ctx, body, log, func(m *jsonMessage) {
		if m.Stream != "" {
			lines.write(m.Stream)
		}
		var r build.Result
		if m.Aux != nil && json.Unmarshal(*m.Aux, &r) == nil && r.ID != "" {
			id = r.ID
		}
	})
	lines.flush()
	if err != nil {
		if step != "" && ctx.Err() == nil {
			return "", fmt.Errorf("%s: %w", step, err)
		}
		return "", err
	}
	if id == "" {
		id = shortID
	}
	if id == "" {
		return "", errors.New("the builder reported no image")
	}
	return id, nil
}

// maxLine bounds a line held back waiting for its newline (progress bars
// drawn with \r can be long): beyond it, the part so far is written out.
const maxLine = 64 << 10

// lineWriter turns the builder's stream chunks, which need not end at a line
// break, into whole lines.
type lineWriter struct {
	w    io.Writer
	buf  []byte
	line func(string) // sees each complete line, without its newline
}

func (l *lineWriter) write(s string) {
	l.buf = append(l.buf, s...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		l.emit(l.buf[:i])
		l.buf = l.buf[i+1:]
	}
	if len(l.buf) > maxLine {
		l.emit(l.buf)
		l.buf = l.buf[:0]
	}
	if len(l.buf) == 0 {
		l.buf = nil // let a grown buffer go
	}
}

func (l *lineWriter) emit(b []byte) {
	s := strings.TrimSuffix(string(b), "\r")
	if l.line != nil {
		l.line(s)
	}
	fmt.Fprintln(l.w, s)
}

func (l *lineWriter) flush() {
	if len(l.buf) > 0 {
		l.emit(l.buf)
		l.buf = nil
	}
}
