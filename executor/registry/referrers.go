package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// zeroDigest names no manifest. A registry with the referrers API answers
// 200 with an empty index for it; one without answers 404.
const zeroDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000"

// emptyJSON is the OCI 1.1 empty blob used as the config of artifacts that
// have none.
var emptyJSON = []byte("{}")

// index is an OCI image index: the referrers API's answer and the content of
// a referrers tag.
type index struct {
	SchemaVersion int               `json:"schemaVersion"`
	MediaType     string            `json:"mediaType"`
	Manifests     []Descriptor      `json:"manifests"`
	Annotations   map[string]string `json:"annotations,omitempty"`
}

// artifactManifest is an OCI 1.1 image manifest used as an artifact.
type artifactManifest struct {
	SchemaVersion int               `json:"schemaVersion"`
	MediaType     string            `json:"mediaType"`
	ArtifactType  string            `json:"artifactType"`
	Config        Descriptor        `json:"config"`
	Layers        []Descriptor      `json:"layers"`
	Subject       *Descriptor       `json:"subject,omitempty"`
	Annotations   map[string]string `json:"annotations,omitempty"`
}

// ReferrersTag is the referrers tag schema's tag for a subject digest:
// "<alg>-<hex>", the hex cut to 64 characters.
func ReferrersTag(digest string) string {
	alg, hex, _ := strings.Cut(digest, ":")
	if len(hex) > 64 {
		hex = hex[:64]
	}
	return alg + "-" + hex
}

// Referrers lists the manifests whose subject is repo@digest, only those of
// artifactType when it is set. It asks the referrers API and, when the
// registry answers 404 (no such API), reads the referrers tag instead, as
// the distribution spec's fallback says. apiSupported says which was used.
func (c *Client) Referrers(ctx context.Context, repo, digest, artifactType string) ([]Descriptor, bool, error) {
	if err := checkRepo(repo); err != nil {
		return nil, false, err
	}
	if !digestRE.MatchString(digest) {
		return nil, false, fmt.Errorf("registry: bad subject digest %q", digest)
	}
	refs, err := c.referrersAPI(ctx, repo, digest, artifactType)
	if err == nil {
		return refs, true, nil
	}
	if !IsNotFound(err) {
		return nil, false, err
	}
	_, body, _, err := c.manifest(ctx, repo, ReferrersTag(digest))
	if IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var idx index
	// A tag that holds no valid index means no referrers, says the spec.
	if json.Unmarshal(body, &idx) != nil || idx.MediaType != MediaTypeOCIIndex {
		return nil, false, nil
	}
	return filterType(idx.Manifests, artifactType), false, nil
}

// referrersAPI pages through GET /v2/<repo>/referrers/<digest>. It filters
// by itself when the registry did not say it applied the filter.
func (c *Client) referrersAPI(ctx context.Context, repo, digest, artifactType string) ([]Descriptor, error) {
	var q url.Values
	if artifactType != "" {
		q = url.Values{"artifactType": {artifactType}}
	}
	var refs []Descriptor
	next := "/v2/" + repo + "/referrers/" + digest
	for next != "" {
		resp, err := c.do(ctx, request{
			method: http.MethodGet, path: next, query: q, scope: pullScope(repo),
			header: http.Header{"Accept": {MediaTypeOCIIndex}},
		})
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, c.statusError(http.MethodGet, resp)
		}
		var idx index
		err = json.NewDecoder(io.LimitReader(resp.Body, maxManifestBytes)).Decode(&idx)
		filtered := strings.Contains(resp.Header.Get("OCI-Filters-Applied"), "artifactType") ||
			strings.Contains(idx.Annotations["org.opencontainers.referrers.filtersApplied"], "artifactType")
		link := nextLink(resp)
		drain(resp)
		if err != nil {
			return nil, fmt.Errorf("registry %s: referrers of %s@%s: bad answer: %w", c.host, repo, digest, err)
		}
		if !filtered {
			idx.Manifests = filterType(idx.Manifests, artifactType)
		}
		refs = append(refs, idx.Manifests...)
		next, q = link, nil // the next link carries the query already
	}
	return refs, nil
}

func filterType(ds []Descriptor, artifactType string) []Descriptor {
	if artifactType == "" {
		return ds
	}
	var out []Descriptor
	for _, d := range ds {
		if d.ArtifactType == artifactType {
			out = append(out, d)
		}
	}
	return out
}

// Attach pushes blob as an artifact referring to subject, as sigstore-js
// does for attestations: the blob and the empty config, then an OCI image
// manifest with artifactType and subject, by digest and with no tag. When
// the registry shows no referrers API (no OCI-Subject in the answer and no
// 200 from the API), it adds the artifact to the referrers tag's index.
// The returned descriptor carries artifactType and annotations, as a
// referrers list does.
func (c *Client) Attach(ctx context.Context, repo string, subject Descriptor, artifactType, blobMediaType string, blob []byte, annotations map[string]string) (Descriptor, error) {
	if !digestRE.MatchString(subject.Digest) {
		return Descriptor{}, fmt.Errorf("registry: bad subject digest %q", subject.Digest)
	}
	layer, err := c.PushBlob(ctx, repo, blobMediaType, blob)
	if err != nil {
		return Descriptor{}, fmt.Errorf("attaching to %s@%s: %w", repo, subject.Digest, err)
	}
	config, err := c.PushBlob(ctx, repo, MediaTypeEmptyJSON, emptyJSON)
	if err != nil {
		return Descriptor{}, fmt.Errorf("attaching to %s@%s: %w", repo, subject.Digest, err)
	}
	// The subject is named by what identifies it; annotations or an
	// artifactType the caller's descriptor may carry are not the subject's.
	subj := Descriptor{MediaType: subject.MediaType, Digest: subject.Digest, Size: subject.Size}
	body, err := json.Marshal(artifactManifest{
		SchemaVersion: 2, MediaType: MediaTypeOCIManifest, ArtifactType: artifactType,
		Config: config, Layers: []Descriptor{layer}, Subject: &subj, Annotations: annotations,
	})
	if err != nil {
		return Descriptor{}, fmt.Errorf("attaching to %s@%s: %w", repo, subject.Digest, err)
	}
	d, h, err := c.PutManifest(ctx, repo, Digest(body), MediaTypeOCIManifest, body)
	if err != nil {
		return Descriptor{}, fmt.Errorf("attaching to %s@%s: %w", repo, subject.Digest, err)
	}
	d.ArtifactType, d.Annotations = artifactType, annotations
	if h.Get("OCI-Subject") != "" {
		return d, nil
	}
	if _, err := c.referrersAPI(ctx, repo, zeroDigest, ""); err == nil {
		return d, nil
	}
	if err := c.addToReferrersTag(ctx, repo, subject.Digest, d); err != nil {
		return Descriptor{}, fmt.Errorf("attaching to %s@%s: %w", repo, subject.Digest, err)
	}
	return d, nil
}

// addToReferrersTag adds d to the index tagged sha256-<hex>, creating it
// when missing. With an ETag it updates conditionally and starts over when
// another client changed the index in between (412).
func (c *Client) addToReferrersTag(ctx context.Context, repo, subject string, d Descriptor) error {
	tag := ReferrersTag(subject)
	const attempts = 5
	for i := 0; ; i++ {
		idx, etag, err := c.referrersIndex(ctx, repo, tag)
		if err != nil {
			return err
		}
		for _, m := range idx.Manifests {
			if m.Digest == d.Digest {
				return nil
			}
		}
		idx.Manifests = append(idx.Manifests, d)
		body, err := json.Marshal(idx)
		if err != nil {
			return err
		}
		_, _, err = c.putManifest(ctx, repo, tag, MediaTypeOCIIndex, body, etag)
		var he *HTTPError
		if errors.As(err, &he) && he.Status == http.StatusPreconditionFailed && i+1 < attempts {
			continue
		}
		return err
	}
}

// referrersIndex reads the referrers tag's index, or starts an empty one.
func (c *Client) referrersIndex(ctx context.Context, repo, tag string) (index, string, error) {
	d, body, etag, err := c.manifest(ctx, repo, tag)
	if IsNotFound(err) {
		return index{SchemaVersion: 2, MediaType: MediaTypeOCIIndex, Manifests: []Descriptor{}}, "", nil
	}
	if err != nil {
		return index{}, "", err
	}
	if d.MediaType != MediaTypeOCIIndex {
		return index{}, "", fmt.Errorf("referrers tag %s:%s holds %s, not an OCI index", repo, tag, d.MediaType)
	}
	var idx index
	if err := json.Unmarshal(body, &idx); err != nil {
		return index{}, "", fmt.Errorf("referrers tag %s:%s: %w", repo, tag, err)
	}
	return idx, etag, nil
}
