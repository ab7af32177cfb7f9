package docker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/image"
)

// PullPolicy says when EnsureImage pulls.
type PullPolicy string

const (
	PullAlways  PullPolicy = "always"  // pull even when present (a moving tag)
	PullMissing PullPolicy = "missing" // pull only when absent; the default
	PullNever   PullPolicy = "never"   // offline: the image must be present
)

// ParsePullPolicy accepts the three policies, "" meaning missing.
func ParsePullPolicy(s string) (PullPolicy, error) {
	switch p := PullPolicy(s); p {
	case "":
		return PullMissing, nil
	case PullAlways, PullMissing, PullNever:
		return p, nil
	}
	return "", fmt.Errorf("pull policy %q: want always, missing or never", s)
}

// ImageError is an image that could not be made available.
type ImageError struct {
	Image  string
	Policy PullPolicy
	Err    error
}

func (e *ImageError) Error() string {
	return fmt.Sprintf("image %s (pull policy %s): %s", e.Image, e.Policy, oneLine(e.Err.Error()))
}

func (e *ImageError) Unwrap() error { return e.Err }

// EnsureImage makes image available according to policy, writing pull
// progress (one line per layer state change, not every byte count) to log.
func (e *Engine) EnsureImage(ctx context.Context, ref string, policy PullPolicy, log io.Writer) error {
	p, err := ParsePullPolicy(string(policy))
	if err != nil {
		return &ImageError{Image: ref, Policy: policy, Err: err}
	}
	policy = p
	if policy != PullAlways {
		present, err := e.imagePresent(ctx, ref)
		switch {
		case err != nil:
			return &ImageError{Image: ref, Policy: policy, Err: err}
		case present:
			return nil
		case policy == PullNever:
			return &ImageError{Image: ref, Policy: policy, Err: errors.New("not present locally, and this policy does not pull")}
		}
	}
	if err := e.pull(ctx, ref, orDiscard(log)); err != nil {
		return &ImageError{Image: ref, Policy: policy, Err: err}
	}
	return nil
}

func (e *Engine) imagePresent(ctx context.Context, ref string) (bool, error) {
	_, err := e.api.ImageInspect(ctx, ref)
	switch {
	case err == nil:
		return true, nil
	case cerrdefs.IsNotFound(err):
		return false, nil
	}
	return false, fmt.Errorf("inspect: %w", err)
}

// pullMessage is the part of the engine's JSON progress stream gantry reads.
type pullMessage struct {
	Status      string           `json:"status"`
	ID          string           `json:"id"`
	Progress    *json.RawMessage `json:"progressDetail"`
	ErrorDetail *struct {
		Message string `json:"message"`
	} `json:"errorDetail"`
	Error string `json:"error"`
}

func (e *Engine) pull(ctx context.Context, ref string, log io.Writer) error {
	body, err := e.api.ImagePull(ctx, ref, image.PullOptions{})
	if err != nil {
		return fmt.Errorf("pull: %w", err)
	}
	defer body.Close()
	// A failed pull usually answers 200 and reports the error inside the
	// stream, so the stream must be read to the end to know the outcome.
	dec := json.NewDecoder(body)
	for {
		var m pullMessage
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("pull: read progress: %w", err)
		}
		if m.ErrorDetail != nil || m.Error != "" {
			msg := m.Error
			if m.ErrorDetail != nil && m.ErrorDetail.Message != "" {
				msg = m.ErrorDetail.Message
			}
			return fmt.Errorf("pull: %s", msg)
		}
		if m.Progress != nil && len(*m.Progress) > 2 { // byte counts: "{}" has none
			continue
		}
		if m.ID != "" {
			fmt.Fprintf(log, "%s: %s\n", m.ID, m.Status)
		} else if m.Status != "" {
			fmt.Fprintln(log, m.Status)
		}
	}
}
