package actions

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gantry-ci/gantry/executor/artifact"
)

// uploadArtifact is actions/upload-artifact@v4: one immutable zip per
// name, kept in the run's artifact store.
type uploadArtifact struct{}

func (uploadArtifact) Inputs() []Input {
	return []Input{
		{Name: "name", Default: "artifact"}, {Name: "path", Required: true},
		{Name: "if-no-files-found", Default: "warn"}, {Name: "retention-days"},
		{Name: "compression-level", Default: "6"}, {Name: "overwrite", Default: "false"},
		{Name: "include-hidden-files", Default: "false"},
	}
}

func (uploadArtifact) Run(ctx context.Context, s *Step) (*Result, error) {
	hidden, err := boolInput(s, "include-hidden-files")
	if err != nil {
		return nil, err
	}
	overwrite, err := boolInput(s, "overwrite")
	if err != nil {
		return nil, err
	}
	level, err := intInput(s, "compression-level", 6)
	if err != nil || level < 0 || level > 9 {
		return nil, fmt.Errorf("compression-level must be a number from 0 to 9, not %q", s.Inputs["compression-level"])
	}
	retention, err := retentionDays(s)
	if err != nil {
		return nil, err
	}
	files, root, err := artifact.Search(jobPathsToHost(s, s.Inputs["path"]), s.Host.Workspace, s.Host.Home, hidden)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return noFiles(s)
	}
	s.Log("With the provided path, there will be %d files uploaded", len(files))
	a, err := s.Artifacts.Upload(ctx, artifact.UploadOptions{Name: s.Inputs["name"], Root: root, Files: files,
		CompressionLevel: level, RetentionDays: retention, Overwrite: overwrite})
	if err != nil {
		return nil, err
	}
	url := fmt.Sprintf("%s/%s/actions/runs/%s/artifacts/%d", str(s.Github["server_url"]), str(s.Github["repository"]), str(s.Github["run_id"]), a.ID)
	s.Log("Artifact %s has been successfully uploaded! Final size is %d bytes. Artifact ID is %d", a.Name, a.Size, a.ID)
	s.Log("Artifact download URL: %s (gantry keeps it at %s)", url, a.Path)
	return &Result{Outputs: map[string]string{"artifact-id": strconv.FormatInt(a.ID, 10), "artifact-url": url, "artifact-digest": a.Digest}}, nil
}

// jobPathsToHost rewrites absolute job paths in a path input to the host,
// line by line, keeping `!` and comments.
func jobPathsToHost(s *Step, input string) string {
	lines := strings.Split(input, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		neg := strings.HasPrefix(t, "!")
		p := strings.TrimPrefix(t, "!")
		if strings.HasPrefix(p, "/") {
			p = s.HostPath(p)
			if neg {
				p = "!" + p
			}
			lines[i] = p
		}
	}
	return strings.Join(lines, "\n")
}

func noFiles(s *Step) (*Result, error) {
	msg := fmt.Sprintf("No files were found with the provided path: %s. No artifacts will be uploaded.", s.Inputs["path"])
	switch s.Inputs["if-no-files-found"] {
	case "error":
		return nil, errors.New(msg)
	case "ignore":
		s.Log("%s", msg)
	default:
		s.Warn("%s", msg)
	}
	return &Result{}, nil
}

// retentionDays applies the action's rule: empty or 0 is the default (90
// days here), otherwise 1-90, capped by GITHUB_RETENTION_DAYS.
func retentionDays(s *Step) (int, error) {
	days, err := intInput(s, "retention-days", 0)
	if err != nil {
		return 0, err
	}
	limit := 90
	if v, err := strconv.Atoi(str(s.Github["retention_days"])); err == nil && v > 0 {
		limit = v
	}
	switch {
	case days == 0:
		return limit, nil
	case days < 1 || days > 90:
		return 0, fmt.Errorf("retention-days must be from 1 to 90, not %d", days)
	}
	return min(days, limit), nil
}

// downloadArtifact is actions/download-artifact@v4, from the run's store.
type downloadArtifact struct{}

func (downloadArtifact) Inputs() []Input {
	return []Input{
		{Name: "name"}, {Name: "artifact-ids"}, {Name: "path"}, {Name: "pattern"},
		{Name: "merge-multiple", Default: "false"}, {Name: "github-token"}, {Name: "repository", Default: "${{ github.repository }}"},
		{Name: "run-id", Default: "${{ github.run_id }}"},
	}
}

func (downloadArtifact) Run(ctx context.Context, s *Step) (*Result, error) {
	if s.Inputs["name"] != "" && s.Inputs["artifact-ids"] != "" {
		return nil, errors.New("inputs 'name' and 'artifact-ids' cannot be used together. Please specify only one")
	}
	if rid := s.Inputs["run-id"]; rid != "" && rid != str(s.Github["run_id"]) {
		return nil, fmt.Errorf("run-id %s: gantry downloads artifacts of the current run only (use gantry artifacts get for others)", rid)
	}
	merge, err := boolInput(s, "merge-multiple")
	if err != nil {
		return nil, err
	}
	dest := s.Host.Workspace
	if p := s.Inputs["path"]; p != "" {
		dest = s.HostPath(p)
	}
	if name := s.Inputs["name"]; name != "" {
		if err := extract(ctx, s, name, dest); err != nil {
			return nil, err
		}
		return &Result{Outputs: map[string]string{"download-path": s.JobPath(dest)}}, nil
	}
	list, err := s.Artifacts.List()
	if err != nil {
		return nil, err
	}
	ids := idSet(s.Inputs["artifact-ids"])
	n := 0
	for _, a := range list {
		if ok, err := selected(s, a, ids); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		into := filepath.Join(dest, a.Name)
		if merge {
			into = dest
		}
		if err := extract(ctx, s, a.Name, into); err != nil {
			return nil, err
		}
		n++
	}
	s.Log("Total of %d artifact(s) downloaded", n)
	return &Result{Outputs: map[string]string{"download-path": s.JobPath(dest)}}, nil
}

func selected(s *Step, a *artifact.Artifact, ids map[string]bool) (bool, error) {
	if len(ids) > 0 {
		return ids[strconv.FormatInt(a.ID, 10)], nil
	}
	if p := s.Inputs["pattern"]; p != "" {
		return artifact.MatchName(p, a.Name)
	}
	return true, nil
}

func idSet(v string) map[string]bool {
	ids := map[string]bool{}
	for _, id := range strings.Split(v, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids[id] = true
		}
	}
	return ids
}

func extract(ctx context.Context, s *Step, name, dest string) error {
	err := s.Artifacts.Extract(ctx, name, dest)
	var digest *artifact.DigestError
	if errors.As(err, &digest) {
		// The real action only warns about a digest mismatch.
		s.Warn("%v", err)
		return nil
	}
	if err != nil {
		return err
	}
	s.Log("Artifact %s was downloaded to %s", name, s.JobPath(dest))
	return nil
}
