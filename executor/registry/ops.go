package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// The distribution spec's grammar for repository names, tags and digests.
// Checking them up front keeps a bad reference from becoming a request to
// some other path.
var (
	repoRE   = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$`)
	tagRE    = regexp.MustCompile(`^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$`)
	digestRE = regexp.MustCompile(`^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$`)
)

func checkRepo(repo string) error {
	if !repoRE.MatchString(repo) {
		return fmt.Errorf("registry: bad repository name %q", repo)
	}
	return nil
}

func checkRef(ref string) error {
	if !tagRE.MatchString(ref) && !digestRE.MatchString(ref) {
		return fmt.Errorf("registry: bad reference %q: want a tag or a digest", ref)
	}
	return nil
}

// Digest is the sha256 digest of data, "sha256:<hex>".
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func pullScope(repo string) string { return "repository:" + repo + ":pull" }
func pushScope(repo string) string { return "repository:" + repo + ":pull,push" }

// Ping checks the login with GET /v2/, as `docker login` does. A refusal is
// an *AuthError.
func (c *Client) Ping(ctx context.Context) error {
	resp, err := c.do(ctx, request{method: http.MethodGet, path: "/v2/"})
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return c.statusError(http.MethodGet, resp)
	}
	drain(resp)
	return nil
}

var manifestAccept = strings.Join([]string{MediaTypeOCIManifest, MediaTypeOCIIndex, MediaTypeDockerManifest, MediaTypeDockerList}, ", ")

// Manifest fetches a manifest by tag or digest. The descriptor's digest is
// the registry's Docker-Content-Digest, checked against the body; when the
// registry sends none it is computed.
func (c *Client) Manifest(ctx context.Context, repo, ref string) (Descriptor, []byte, error) {
	d, body, _, err := c.manifest(ctx, repo, ref)
	return d, body, err
}

// manifest is Manifest plus the ETag, which the referrers tag update sends
// back as If-Match.
func (c *Client) manifest(ctx context.Context, repo, ref string) (Descriptor, []byte, string, error) {
	if err := checkRepo(repo); err != nil {
		return Descriptor{}, nil, "", err
	}
	if err := checkRef(ref); err != nil {
		return Descriptor{}, nil, "", err
	}
	resp, err := c.do(ctx, request{
		method: http.MethodGet, path: "/v2/" + repo + "/manifests/" + ref,
		header: http.Header{"Accept": {manifestAccept}}, scope: pullScope(repo),
	})
	if err != nil {
		return Descriptor{}, nil, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return Descriptor{}, nil, "", c.statusError(http.MethodGet, resp)
	}
	defer drain(resp)
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxManifestBytes+1))
	if err != nil {
		return Descriptor{}, nil, "", fmt.Errorf("registry %s: reading manifest %s:%s: %w", c.host, repo, ref, err)
	}
	if len(body) > maxManifestBytes {
		return Descriptor{}, nil, "", fmt.Errorf("registry %s: manifest %s:%s is larger than %d bytes", c.host, repo, ref, maxManifestBytes)
	}
	d, err := c.describeManifest(resp.Header, body, repo, ref)
	return d, body, resp.Header.Get("Etag"), err
}

func (c *Client) describeManifest(h http.Header, body []byte, repo, ref string) (Descriptor, error) {
	computed := Digest(body)
	d := Descriptor{MediaType: manifestMediaType(h.Get("Content-Type"), body), Digest: computed, Size: int64(len(body))}
	// A digest we asked for, or one the registry states, must be the body's;
	// anything else means the content is not what it claims to be.
	for _, want := range []string{ref, h.Get("Docker-Content-Digest")} {
		if strings.HasPrefix(want, "sha256:") && want != computed {
			return Descriptor{}, fmt.Errorf("registry %s: manifest %s:%s has digest %s, not %s", c.host, repo, ref, computed, want)
		}
	}
	if hd := h.Get("Docker-Content-Digest"); hd != "" && !strings.HasPrefix(hd, "sha256:") {
		d.Digest = hd
	}
	if strings.HasPrefix(ref, "sha512:") {
		d.Digest = ref
	}
	return d, nil
}

// manifestMediaType prefers the Content-Type, falling back to the body's
// own mediaType field when the registry sends something generic.
func manifestMediaType(contentType string, body []byte) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil && mt != "application/json" && mt != "application/octet-stream" && mt != "text/plain" {
		return mt
	}
	var probe struct {
		MediaType string `json:"mediaType"`
	}
	if json.Unmarshal(body, &probe) == nil && probe.MediaType != "" {
		return probe.MediaType
	}
	return mt
}

// Tags lists the repository's tags, following Link pagination.
func (c *Client) Tags(ctx context.Context, repo string) ([]string, error) {
	if err := checkRepo(repo); err != nil {
		return nil, err
	}
	var tags []string
	next := "/v2/" + repo + "/tags/list"
	for next != "" {
		resp, err := c.do(ctx, request{method: http.MethodGet, path: next, scope: pullScope(repo)})
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, c.statusError(http.MethodGet, resp)
		}
		var page struct {
			Tags []string `json:"tags"`
		}
		err = json.NewDecoder(io.LimitReader(resp.Body, maxManifestBytes)).Decode(&page)
		link := nextLink(resp)
		drain(resp)
		if err != nil {
			return nil, fmt.Errorf("registry %s: tags of %s: bad answer: %w", c.host, repo, err)
		}
		tags = append(tags, page.Tags...)
		next = link
	}
	return tags, nil
}

// nextLink resolves a Link: <…>; rel="next" header against the request, or
// returns "" when there is no next page.
func nextLink(resp *http.Response) string {
	for _, l := range resp.Header.Values("Link") {
		target, params, ok := strings.Cut(l, ";")
		if !ok || !strings.Contains(strings.ReplaceAll(params, " ", ""), `rel="next"`) {
			continue
		}
		u, err := url.Parse(strings.Trim(strings.TrimSpace(target), "<>"))
		if err != nil {
			return ""
		}
		return resp.Request.URL.ResolveReference(u).String()
	}
	return ""
}

// Blob opens a blob for reading. The caller checks the digest of what it
// reads if it matters; the registry may redirect to storage elsewhere.
func (c *Client) Blob(ctx context.Context, repo, digest string) (io.ReadCloser, error) {
	if err := checkRepo(repo); err != nil {
		return nil, err
	}
	if !digestRE.MatchString(digest) {
		return nil, fmt.Errorf("registry: bad blob digest %q", digest)
	}
	resp, err := c.do(ctx, request{method: http.MethodGet, path: "/v2/" + repo + "/blobs/" + digest, scope: pullScope(repo)})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, c.statusError(http.MethodGet, resp)
	}
	return resp.Body, nil
}
