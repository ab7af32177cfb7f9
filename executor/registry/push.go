package registry

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// PushBlob uploads data unless the registry already has it (HEAD), with a
// POST to open the upload and one monolithic PUT, which every registry
// accepts; blobs here are small (configs, attestation bundles).
func (c *Client) PushBlob(ctx context.Context, repo, mediaType string, data []byte) (Descriptor, error) {
	if err := checkRepo(repo); err != nil {
		return Descriptor{}, err
	}
	d := Descriptor{MediaType: mediaType, Digest: Digest(data), Size: int64(len(data))}
	scope := pushScope(repo)
	resp, err := c.do(ctx, request{method: http.MethodHead, path: "/v2/" + repo + "/blobs/" + d.Digest, scope: scope})
	if err != nil {
		return Descriptor{}, err
	}
	drain(resp)
	if resp.StatusCode == http.StatusOK {
		return d, nil
	}
	resp, err = c.do(ctx, request{method: http.MethodPost, path: "/v2/" + repo + "/blobs/uploads/", scope: scope})
	if err != nil {
		return Descriptor{}, err
	}
	if resp.StatusCode != http.StatusAccepted {
		return Descriptor{}, c.statusError(http.MethodPost, resp)
	}
	location, err := uploadLocation(resp)
	drain(resp)
	if err != nil {
		return Descriptor{}, fmt.Errorf("registry %s: blob upload to %s: %w", c.host, repo, err)
	}
	resp, err = c.do(ctx, request{
		method: http.MethodPut, path: location, query: url.Values{"digest": {d.Digest}},
		header: http.Header{"Content-Type": {"application/octet-stream"}}, body: data, scope: scope,
	})
	if err != nil {
		return Descriptor{}, err
	}
	if resp.StatusCode != http.StatusCreated {
		return Descriptor{}, c.statusError(http.MethodPut, resp)
	}
	drain(resp)
	return d, nil
}

// uploadLocation resolves the upload URL the registry gave, which may be
// relative to the request.
func uploadLocation(resp *http.Response) (string, error) {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return "", fmt.Errorf("no Location in the answer")
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "", fmt.Errorf("bad Location: %w", err)
	}
	return resp.Request.URL.ResolveReference(u).String(), nil
}

// PutManifest uploads a manifest under ref (a tag, or its own digest). It
// returns the manifest's descriptor and the answer's headers, where a
// registry with the referrers API says OCI-Subject.
func (c *Client) PutManifest(ctx context.Context, repo, ref, mediaType string, body []byte) (Descriptor, http.Header, error) {
	return c.putManifest(ctx, repo, ref, mediaType, body, "")
}

// putManifest sends If-Match when ifMatch is set, so that an update of the
// referrers tag fails rather than loses another client's entry.
func (c *Client) putManifest(ctx context.Context, repo, ref, mediaType string, body []byte, ifMatch string) (Descriptor, http.Header, error) {
	if err := checkRepo(repo); err != nil {
		return Descriptor{}, nil, err
	}
	if err := checkRef(ref); err != nil {
		return Descriptor{}, nil, err
	}
	d := Descriptor{MediaType: mediaType, Digest: Digest(body), Size: int64(len(body))}
	if digestRE.MatchString(ref) && ref != d.Digest {
		return Descriptor{}, nil, fmt.Errorf("registry: manifest pushed as %s has digest %s", ref, d.Digest)
	}
	h := http.Header{"Content-Type": {mediaType}}
	if ifMatch != "" {
		h.Set("If-Match", ifMatch)
	}
	resp, err := c.do(ctx, request{
		method: http.MethodPut, path: "/v2/" + repo + "/manifests/" + ref,
		header: h, body: body, scope: pushScope(repo),
	})
	if err != nil {
		return Descriptor{}, nil, err
	}
	if resp.StatusCode != http.StatusCreated {
		return Descriptor{}, nil, c.statusError(http.MethodPut, resp)
	}
	drain(resp)
	return d, resp.Header, nil
}
