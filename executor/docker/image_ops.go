package docker

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/image"

	"github.com/gantry-ci/gantry/executor"
)

// ImageInfo is what the outputs of a build need from an image.
type ImageInfo struct {
	ID          string // config digest, sha256:…
	RepoTags    []string
	RepoDigests []string // name@sha256:… of the manifests pushed or pulled
	Labels      map[string]string
}

// InspectImage looks an image up by name, tag or ID. A missing image is an
// error that satisfies cerrdefs.IsNotFound.
func (e *Engine) InspectImage(ctx context.Context, ref string) (ImageInfo, error) {
	resp, err := e.api.ImageInspect(ctx, ref)
	if err != nil {
		return ImageInfo{}, &engineError{msg: "inspect image " + ref + ": " + engineMessage(err), err: err}
	}
	info := ImageInfo{ID: resp.ID, RepoTags: resp.RepoTags, RepoDigests: resp.RepoDigests}
	if resp.Config != nil {
		info.Labels = resp.Config.Labels
	}
	return info, nil
}

// Tag gives image (a name, tag or ID) the reference ref.
func (e *Engine) Tag(ctx context.Context, img, ref string) error {
	if _, _, _, err := executor.ParseReference(ref); err != nil {
		return fmt.Errorf("tag %s: %w", img, err)
	}
	if err := e.api.ImageTag(ctx, img, ref); err != nil {
		return &engineError{msg: fmt.Sprintf("tag %s as %s: %s", img, ref, engineMessage(err)), err: err}
	}
	return nil
}

// fullID matches an image ID given in full, with or without "sha256:".
var fullID = regexp.MustCompile(`^(sha256:)?[0-9a-f]{64}$`)

// RemoveImage removes a reference. For a tag, the tag goes, and the image
// with it when no other tag holds it; for a full image ID, the image goes with
// all its tags. An image that is already gone is not an error.
func (e *Engine) RemoveImage(ctx context.Context, ref string) error {
	byID := fullID.MatchString(ref) || strings.HasPrefix(ref, "sha256:")
	_, err := e.api.ImageRemove(ctx, ref, image.RemoveOptions{Force: byID, PruneChildren: true})
	if err == nil || cerrdefs.IsNotFound(err) {
		return nil
	}
	return &engineError{msg: "remove image " + ref + ": " + engineMessage(err), err: err}
}

// engineError is a one-line message for an engine error that still unwraps
// to it, so that callers can test it with cerrdefs; is, when set, is a class
// the error belongs to although the engine did not say so (an old engine's
// 500 for a refused login is cerrdefs.ErrUnauthenticated).
type engineError struct {
	msg string
	err error
	is  error
}

func (e *engineError) Error() string { return e.msg }
func (e *engineError) Unwrap() error { return e.err }
func (e *engineError) Is(target error) bool {
	return e.is != nil && errors.Is(e.is, target)
}
