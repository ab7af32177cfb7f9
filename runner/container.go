package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gantry-ci/gantry/executor"
	"github.com/gantry-ci/gantry/workflow"
)

// removeTimeout bounds container removal, which runs on a fresh context
// so that it happens after a cancellation too.
const removeTimeout = 30 * time.Second

// JobImage is the image a job runs in and where it came from.
type JobImage struct {
	Image, Options string
	Label          string // the runs-on label mapped to Image; "" for job.container
}

// ImageFor picks a job's image as a run does: job.container.image, or the
// image platforms map the first runs-on label that has one to. eval
// evaluates the expressions in them; gantry plan passes the text through.
func ImageFor(j *workflow.Job, platforms map[string]string, eval func(string) (string, error)) (JobImage, error) {
	if c := j.Container; c != nil {
		img, err := eval(c.Image.Value)
		if err != nil {
			return JobImage{}, fmt.Errorf("container.image: %w", err)
		}
		ji := JobImage{Image: img}
		if c.Options != nil {
			ji.Options = c.Options.Value
		}
		return ji, nil
	}
	var labels []string
	for _, l := range j.RunsOn.Labels {
		v, err := eval(l.Value)
		if err != nil {
			return JobImage{}, fmt.Errorf("runs-on: %w", err)
		}
		labels = append(labels, v)
		if img, ok := platforms[v]; ok {
			return JobImage{Image: img, Label: v}, nil
		}
	}
	return JobImage{}, fmt.Errorf("no image for runs-on %s; map one with -P %s=IMAGE", strings.Join(labels, ", "), first(labels))
}

func first(ss []string) string {
	if len(ss) == 0 {
		return "LABEL"
	}
	return ss[0]
}

// start makes the image available and starts the leg's container.
func (lr *legRun) start(ctx context.Context) error {
	ji, err := ImageFor(lr.j, lr.r.cfg.Platforms, func(s string) (string, error) { return lr.eval(s, lr.contexts) })
	if err != nil {
		return err
	}
	env := githubEnv(lr.contexts["github"].(map[string]any), lr.contexts["runner"].(map[string]any))
	env["RUNNER_WORKSPACE"] = strings.TrimSuffix(lr.paths.Workspace, "/"+lastElem(lr.paths.Workspace))
	// The job's own docker CLI config: logins made by login-action (or by
	// `docker login` in a run step) stay in the job and go with it.
	env["DOCKER_CONFIG"] = lr.jobPath(lr.credentials.Dir())
	spec := executor.LegSpec{
		Name:       fmt.Sprintf("gantry-%d-%s", lr.r.cfg.RunID, sanitize(lr.leg.name)),
		Image:      ji.Image,
		Env:        envList(env),
		Mounts:     lr.mounts,
		WorkingDir: lr.paths.Workspace,
		Labels:     map[string]string{"gantry.run": strconv.FormatInt(lr.r.cfg.RunID, 10), "gantry.job": lr.j.ID.Value},
		Options:    ji.Options,
	}
	c, err := lr.r.backend.Setup(ctx, spec, lr.logWriter("pull"))
	var ie *executor.ImageError
	switch {
	case errors.As(err, &ie):
		if ji.Label == "" {
			return fmt.Errorf("job container image %s: %w", ji.Image, ie.Err)
		}
		return fmt.Errorf("runs-on %s maps to image %s: %w; map the label to an image you have with -P %s=IMAGE", ji.Label, ji.Image, ie.Err, ji.Label)
	case err != nil:
		return fmt.Errorf("start %s: %w", lr.leg.name, err)
	}
	lr.container = c
	code, err := c.Exec(ctx, executor.ExecSpec{Cmd: []string{"sh", "-c", "command -v bash"}, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		return fmt.Errorf("start %s: %w", lr.leg.name, err)
	}
	lr.hasBash = code == 0
	return nil
}

func lastElem(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

// teardown removes the container on a fresh context: it must happen after
// a failure, a timeout or Ctrl-C alike.
func (lr *legRun) teardown() {
	if err := lr.credentials.Clear(); err != nil {
		lr.r.report(Event{Type: LogLine, Job: lr.j.ID.Value, Leg: lr.leg.name, Kind: "error",
			Line: fmt.Sprintf("logout: %v", err)})
	}
	if lr.container == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), removeTimeout)
	defer cancel()
	if err := lr.container.Destroy(ctx); err != nil {
		lr.r.report(Event{Type: LogLine, Job: lr.j.ID.Value, Leg: lr.leg.name, Kind: "error",
			Line: fmt.Sprintf("remove container: %v", err)})
	}
}
