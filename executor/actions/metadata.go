package actions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gantry-ci/gantry/executor/dockermeta"
)

// dockerMetadata is docker/metadata-action: tags, labels and annotations
// from the event, computed as the real action computes them, with the
// payload's repository standing in for the GitHub API.
type dockerMetadata struct{}

func (dockerMetadata) Inputs() []Input {
	return []Input{
		{Name: "context", Default: "workflow"}, {Name: "images"}, {Name: "tags"}, {Name: "flavor"},
		{Name: "labels"}, {Name: "annotations"}, {Name: "sep-tags"}, {Name: "sep-labels"}, {Name: "sep-annotations"},
		{Name: "bake-target", Default: "docker-metadata-action"}, {Name: "github-token", Default: "${{ github.token }}"},
	}
}

func (dockerMetadata) Run(ctx context.Context, s *Step) (*Result, error) {
	payload, _ := s.Github["event"].(map[string]any)
	res, err := dockermeta.Generate(dockermeta.Inputs{
		Context: s.Inputs["context"], Images: s.Inputs["images"], Tags: s.Inputs["tags"], Flavor: s.Inputs["flavor"],
		Labels: s.Inputs["labels"], Annotations: s.Inputs["annotations"], SepTags: s.Inputs["sep-tags"],
		SepLabels: s.Inputs["sep-labels"], SepAnnotations: s.Inputs["sep-annotations"], BakeTarget: s.Inputs["bake-target"],
	}, dockermeta.Event{Name: str(s.Github["event_name"]), Ref: str(s.Github["ref"]), SHA: str(s.Github["sha"]),
		Payload: payload, Env: s.Env, Now: time.Now()})
	if err != nil {
		return nil, err
	}
	for _, w := range res.Warnings {
		s.Warn("%s", w)
	}
	if err := writeBakeFiles(s, res); err != nil {
		return nil, err
	}
	s.Log("Docker image version: %s", res.Version)
	for _, t := range res.Tags {
		s.Log("tag: %s", t)
	}
	return &Result{Outputs: res.Outputs, Env: res.Env}, nil
}

// writeBakeFiles writes the bake-file outputs, which dockermeta returns as
// contents, to $RUNNER_TEMP as the action does, and puts their job paths
// in the outputs and env.
func writeBakeFiles(s *Step, res *dockermeta.Result) error {
	dir, err := os.MkdirTemp(s.Host.Temp, "docker-actions-toolkit-")
	if err != nil {
		return fmt.Errorf("bake files: %w", err)
	}
	for name, content := range res.Outputs {
		if !strings.HasPrefix(name, "bake-file") {
			continue
		}
		host := filepath.Join(dir, dockermeta.BakeFileName(name))
		if err := os.WriteFile(host, []byte(content), 0o644); err != nil {
			return fmt.Errorf("bake files: %w", err)
		}
		res.SetBakeFilePath(name, s.JobPath(host))
	}
	return nil
}
