package docker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/distribution/reference"
	"github.com/docker/docker/api/types/image"
)

// pushResult is the aux message a push ends with.
type pushResult struct {
	Tag    string `json:"Tag"`
	Digest string `json:"Digest"`
	Size   int    `json:"Size"`
}

// Push pushes one reference (name:tag; "latest" when the tag is left out) with
// auth, which must be for the reference's registry or empty. It returns the
// digest of the manifest as the registry stored it, from the push stream's
// aux message. Progress (one line per layer state change) goes to log.
func (e *Engine) Push(ctx context.Context, ref string, auth RegistryAuth, log io.Writer) (string, error) {
	log = orDiscard(log)
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return "", fmt.Errorf("push %s: %w", ref, err)
	}
	if _, ok := named.(reference.Digested); ok {
		return "", fmt.Errorf("push %s: cannot push a digest reference", ref)
	}
	named = reference.TagNameOnly(named)
	target := reference.FamiliarString(named)
	header, err := authFor(reference.Domain(named), auth)
	if err != nil {
		return "", fmt.Errorf("push %s: %w", target, err)
	}
	body, err := e.api.ImagePush(ctx, target, image.PushOptions{RegistryAuth: header})
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("push %s: %w", target, ctx.Err())
		}
		return "", &engineError{msg: "push " + target + ": " + engineMessage(err, auth.Password), err: err}
	}
	defer body.Close()
	var digest string
	err = readProgress(ctx, body, log, func(m *jsonMessage) {
		var r pushResult
		if m.Aux != nil && json.Unmarshal(*m.Aux, &r) == nil && r.Digest != "" {
			digest = r.Digest
		}
	})
	if err != nil {
		return "", fmt.Errorf("push %s: %s", target, scrub(err.Error(), auth.Password))
	}
	if digest == "" {
		return "", fmt.Errorf("push %s: the engine reported no digest", target)
	}
	return digest, nil
}

// jsonMessage is the part of the engine's JSON progress stream (build, push,
// pull) that gantry reads.
type jsonMessage struct {
	Stream      string           `json:"stream"`
	Status      string           `json:"status"`
	ID          string           `json:"id"`
	Progress    *json.RawMessage `json:"progressDetail"`
	Aux         *json.RawMessage `json:"aux"`
	Error       string           `json:"error"`
	ErrorDetail *struct {
		Message string `json:"message"`
	} `json:"errorDetail"`
}

// errorText is the message's error, "" when it carries none.
func (m *jsonMessage) errorText() string {
	if m.ErrorDetail != nil && m.ErrorDetail.Message != "" {
		return m.ErrorDetail.Message
	}
	return m.Error
}

// readProgress reads a progress stream to its end — a failure usually comes
// inside a 200 answer — writing status lines to log (not byte counts) and
// handing every message to each, if given. The stream's error, if any, is
// returned as one line.
func readProgress(ctx context.Context, body io.Reader, log io.Writer, each func(*jsonMessage)) error {
	dec := json.NewDecoder(body)
	for {
		var m jsonMessage
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("read progress: %w", err)
		}
		if msg := m.errorText(); msg != "" {
			return errors.New(oneLine(msg))
		}
		if each != nil {
			each(&m)
		}
		writeStatus(log, &m)
	}
}

// writeStatus writes a status message as one line, skipping the byte-count
// updates (a non-empty progressDetail) that make up most of a stream.
func writeStatus(log io.Writer, m *jsonMessage) {
	switch {
	case m.Status == "":
	case m.Progress != nil && len(*m.Progress) > 2:
	case m.ID != "":
		fmt.Fprintf(log, "%s: %s\n", m.ID, m.Status)
	default:
		fmt.Fprintln(log, m.Status)
	}
}
