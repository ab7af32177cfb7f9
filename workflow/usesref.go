package workflow

import (
	"fmt"
	"strings"
)

// UsesKind is what a `uses:` names.
type UsesKind int

const (
	UsesLocal    UsesKind = iota + 1 // ./path: an action in the workspace
	UsesRemote                       // owner/repo[/path]@ref: an action in a repository
	UsesDocker                       // docker://image
	UsesReusable                     // a reusable workflow (jobs.<id>.uses)
)

func (k UsesKind) String() string {
	switch k {
	case UsesLocal:
		return "local"
	case UsesRemote:
		return "remote"
	case UsesDocker:
		return "docker"
	case UsesReusable:
		return "reusable workflow"
	}
	return "unknown"
}

// Uses is a parsed `uses:` reference. Every caller that needs to know what
// a `uses:` names asks ParseUses, so there is one reading of the syntax.
type Uses struct {
	Kind  UsesKind
	Raw   string
	Path  string // UsesLocal, and a local UsesReusable: the path as written (./x)
	Owner string // UsesRemote, remote UsesReusable
	Repo  string
	Dir   string // the subfolder or workflow path inside Owner/Repo; "" for the root
	Ref   string // tag, branch or SHA after @
	Image string // UsesDocker: the image reference after docker://
}

// Name is owner/repo, the key built-in actions are registered under.
func (u Uses) Name() string { return u.Owner + "/" + u.Repo }

// ParseUses reads a step's `uses:` (job is false) or a job's (job is true,
// a reusable workflow), as GitHub reads them.
func ParseUses(s string, job bool) (Uses, error) {
	u := Uses{Raw: s}
	if strings.TrimSpace(s) == "" {
		return u, fmt.Errorf("uses is empty")
	}
	if job {
		return parseReusable(u, s)
	}
	switch {
	case strings.HasPrefix(s, "./"):
		u.Kind, u.Path = UsesLocal, s
		return u, nil
	case strings.HasPrefix(s, "docker://"):
		u.Kind, u.Image = UsesDocker, strings.TrimPrefix(s, "docker://")
		if u.Image == "" {
			return u, fmt.Errorf("%s: no image after docker://", s)
		}
		return u, nil
	}
	u.Kind = UsesRemote
	return splitRemote(u, s, "a remote action needs a version (owner/name@ref)")
}

func parseReusable(u Uses, s string) (Uses, error) {
	u.Kind = UsesReusable
	if strings.HasPrefix(s, "./") {
		if !strings.HasPrefix(s, "./.github/workflows/") || !isWorkflowFile(s) {
			return u, fmt.Errorf("%s: a local reusable workflow is ./.github/workflows/FILE.yml", s)
		}
		u.Path = s
		return u, nil
	}
	u, err := splitRemote(u, s, "a remote reusable workflow needs a version (owner/repo/.github/workflows/FILE.yml@ref)")
	if err != nil {
		return u, err
	}
	if !strings.HasPrefix(u.Dir, ".github/workflows/") || !isWorkflowFile(u.Dir) {
		return u, fmt.Errorf("%s: a reusable workflow is owner/repo/.github/workflows/FILE.yml@ref", s)
	}
	return u, nil
}

func isWorkflowFile(p string) bool {
	return strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")
}

func splitRemote(u Uses, s, noRef string) (Uses, error) {
	name, ref, ok := strings.Cut(s, "@")
	if !ok || ref == "" {
		return u, fmt.Errorf("%s: %s", s, noRef)
	}
	parts := strings.SplitN(name, "/", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return u, fmt.Errorf("%s: want owner/repo[/path]@ref", s)
	}
	u.Owner, u.Repo, u.Ref = parts[0], parts[1], ref
	if len(parts) == 3 {
		u.Dir = strings.Trim(parts[2], "/")
	}
	return u, nil
}
