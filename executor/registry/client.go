// Package registry is a small OCI distribution client: enough of the
// distribution spec to check a login, read and write blobs and manifests, and
// attach artifacts to an image as referrers (OCI 1.1), falling back to the
// referrers tag schema on registries without the referrers API.
package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// Media types the client produces or asks for.
const (
	MediaTypeOCIManifest    = "application/vnd.oci.image.manifest.v1+json"
	MediaTypeOCIIndex       = "application/vnd.oci.image.index.v1+json"
	MediaTypeDockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
	MediaTypeDockerList     = "application/vnd.docker.distribution.manifest.list.v2+json"
	MediaTypeEmptyJSON      = "application/vnd.oci.empty.v1+json"
)

// maxManifestBytes bounds what is read for a manifest or an index: the
// distribution spec recommends registries accept manifests of 4 MiB, so
// anything larger is not a manifest we could have pushed either.
const maxManifestBytes = 4 << 20

// Auth is a registry login, as `docker login` stores it.
type Auth struct{ Username, Password string }

// Descriptor is an OCI content descriptor.
type Descriptor struct {
	MediaType    string            `json:"mediaType"`
	Digest       string            `json:"digest"`
	Size         int64             `json:"size"`
	ArtifactType string            `json:"artifactType,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
}

// Client talks to one registry host. It is safe for concurrent use.
type Client struct {
	host  string // as the caller named it, for messages
	base  string // scheme://host the requests go to
	auth  *Auth
	hc    *http.Client
	creds *credState
}

// New returns a client for host ("127.0.0.1:5000", "ghcr.io", "docker.io").
// Loopback hosts are spoken to over plain HTTP, as the Docker engine treats
// them as insecure registries by default; every other host over HTTPS.
// docker.io is the name users write, but its API lives on registry-1.docker.io.
// hc may be nil for a default client.
func New(host string, auth *Auth, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{}
	}
	api := host
	if host == "docker.io" || host == "index.docker.io" {
		api = "registry-1.docker.io"
	}
	scheme := "https"
	if isLoopback(api) {
		scheme = "http"
	}
	return &Client{host: host, base: scheme + "://" + api, auth: auth, hc: hc, creds: newCredState()}
}

// Host is the registry host the client was made for.
func (c *Client) Host() string { return c.host }

func isLoopback(host string) bool {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.Trim(name, "[]")
	if strings.EqualFold(name, "localhost") {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}

// request is one registry call. Bodies are byte slices so that a request
// refused with an auth challenge can be sent again unchanged.
type request struct {
	method string
	path   string // "/v2/…", or an absolute URL (an upload Location)
	query  url.Values
	header http.Header
	body   []byte
	scope  string // token scope, e.g. "repository:app:pull"; "" for /v2/
}

func (c *Client) url(r request) (string, error) {
	target := r.path
	if strings.HasPrefix(target, "/") {
		target = c.base + target
	}
	u, err := url.Parse(target)
	if err != nil {
		return "", fmt.Errorf("registry %s: bad URL: %w", c.host, err)
	}
	if len(r.query) > 0 {
		q := u.Query()
		for k, vs := range r.query {
			q[k] = vs
		}
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// do sends r, answering one auth challenge (Basic or Bearer) by sending it
// again with credentials. A second refusal is an *AuthError. The caller
// owns the response body.
func (c *Client) do(ctx context.Context, r request) (*http.Response, error) {
	target, err := c.url(r)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, r.method, target, bytes.NewReader(r.body))
		if err != nil {
			return nil, fmt.Errorf("registry %s: %s %s: %w", c.host, r.method, cleanPath(target), err)
		}
		req.ContentLength = int64(len(r.body))
		for k, vs := range r.header {
			req.Header[k] = vs
		}
		// Credentials go only to the registry itself, never to a host that
		// an upload Location or a Link header points elsewhere.
		if h := c.creds.header(c.auth, r.scope); h != "" && req.URL.Scheme+"://"+req.URL.Host == c.base {
			req.Header.Set("Authorization", h)
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			return nil, fmt.Errorf("registry %s: %s %s: %w", c.host, r.method, cleanPath(target), err)
		}
		if resp.StatusCode != http.StatusUnauthorized {
			return resp, nil
		}
		drain(resp)
		if attempt > 0 {
			return nil, &AuthError{Host: c.host, Status: resp.StatusCode}
		}
		if err := c.authorize(ctx, resp.Header, r.scope); err != nil {
			return nil, err
		}
	}
}

// HTTPError is a registry answer other than the one expected, with the
// distribution spec's error code when the body carried one.
type HTTPError struct {
	Host, Method, Path string
	Status             int
	Code, Message      string
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("registry %s: %s %s: HTTP %d", e.Host, e.Method, e.Path, e.Status)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// statusError turns an unexpected response into an *HTTPError and closes it.
func (c *Client) statusError(method string, resp *http.Response) error {
	defer drain(resp)
	e := &HTTPError{Host: c.host, Method: method, Path: cleanPath(resp.Request.URL.String()), Status: resp.StatusCode}
	var body struct {
		Errors []struct{ Code, Message string } `json:"errors"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(raw, &body) == nil && len(body.Errors) > 0 {
		e.Code, e.Message = body.Errors[0].Code, body.Errors[0].Message
	}
	return e
}

// IsNotFound reports whether err is a registry 404.
func IsNotFound(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && he.Status == http.StatusNotFound
}

// cleanPath keeps the path of a URL for messages: upload locations carry
// opaque state in their query that only makes errors unreadable.
func cleanPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
}

// drain reads a little of what is left so the connection can be reused, then
// closes the body.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}
