package executor

import (
	"fmt"

	"github.com/distribution/reference"
)

// ParseReference splits an image reference the way docker reads it: host
// defaults to docker.io, a one-element Docker Hub name gets "library/", and tag
// defaults to "latest". For name@digest the digest ("sha256:…") is returned
// in place of the tag. Upper-case repository names are rejected with docker's
// message ("repository name must be lowercase").
func ParseReference(ref string) (host, repo, tag string, err error) {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return "", "", "", fmt.Errorf("invalid reference %q: %w", ref, err)
	}
	host, repo = reference.Domain(named), reference.Path(named)
	switch r := named.(type) {
	case reference.Tagged:
		tag = r.Tag()
	case reference.Digested:
		tag = r.Digest().String()
	default:
		tag = "latest"
	}
	return host, repo, tag, nil
}
