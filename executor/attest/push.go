package attest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/gantry-ci/gantry/executor/registry"
)

// maxBundleBytes bounds a bundle read back from a registry: GitHub's are a
// few KiB, and a statement lists at most a few thousand subjects.
const maxBundleBytes = 16 << 20

// Push attaches bundle to the image subject in repo as an OCI referrer, as
// actions/attest does with push-to-registry: artifactType and layer media
// type are the bundle's, with the annotations sigstore-js sets. created is
// now in JavaScript's toISOString form (UTC, milliseconds).
func Push(ctx context.Context, c *registry.Client, repo string, subject registry.Descriptor, bundle []byte, now time.Time) (registry.Descriptor, error) {
	annotations := map[string]string{
		"org.opencontainers.image.created":  now.UTC().Format("2006-01-02T15:04:05.000Z"),
		"dev.sigstore.bundle.content":       "dsse-envelope",
		"dev.sigstore.bundle.predicateType": PredicateType,
	}
	d, err := c.Attach(ctx, repo, subject, BundleMediaType, BundleMediaType, bundle, annotations)
	if err != nil {
		return registry.Descriptor{}, fmt.Errorf("pushing the attestation: %w", err)
	}
	return d, nil
}

// Find returns the bundles attached to repo@digest, through the referrers
// API or the referrers tag, in the order the registry lists them. It checks
// each blob against its digest; it does not verify signatures (Verify does).
func Find(ctx context.Context, c *registry.Client, repo, digest string) ([][]byte, error) {
	refs, _, err := c.Referrers(ctx, repo, digest, BundleMediaType)
	if err != nil {
		return nil, fmt.Errorf("finding attestations of %s@%s: %w", repo, digest, err)
	}
	var bundles [][]byte
	for _, ref := range refs {
		b, err := fetchBundle(ctx, c, repo, ref.Digest)
		if err != nil {
			return nil, fmt.Errorf("finding attestations of %s@%s: %w", repo, digest, err)
		}
		if b != nil {
			bundles = append(bundles, b)
		}
	}
	return bundles, nil
}

// fetchBundle reads the bundle layer of one referrer manifest, or returns
// nil when the manifest carries none.
func fetchBundle(ctx context.Context, c *registry.Client, repo, manifestDigest string) ([]byte, error) {
	_, body, err := c.Manifest(ctx, repo, manifestDigest)
	if err != nil {
		return nil, err
	}
	var m struct {
		Layers []registry.Descriptor `json:"layers"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("referrer %s: %w", manifestDigest, err)
	}
	for _, l := range m.Layers {
		if l.MediaType != BundleMediaType {
			continue
		}
		if l.Size > maxBundleBytes {
			return nil, fmt.Errorf("referrer %s: bundle of %d bytes is too large", manifestDigest, l.Size)
		}
		rc, err := c.Blob(ctx, repo, l.Digest)
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxBundleBytes+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("referrer %s: reading bundle: %w", manifestDigest, err)
		}
		if registry.Digest(data) != l.Digest {
			return nil, fmt.Errorf("referrer %s: bundle blob does not match its digest %s", manifestDigest, l.Digest)
		}
		return data, nil
	}
	return nil, nil
}
