package registry

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeRegistry is an in-memory OCI registry on 127.0.0.1 for unit tests. It
// speaks Basic or Bearer auth, with or without the referrers API, and keeps
// a log of what it was asked.
type fakeRegistry struct {
	authMode  string // "none", "basic" or "bearer"
	user      string
	pass      string
	referrers bool // has the referrers API
	noSubject bool // has the API but does not answer OCI-Subject
	conflict  bool // the first conditional PUT gets 412 after a rival's change

	mu          sync.Mutex
	blobs       map[string][]byte
	manifests   map[string]fakeManifest      // digest → manifest
	tags        map[string]map[string]string // repo → tag → digest
	tokens      map[string][]string          // token → scopes
	tokenCalls  int
	ifMatch     []string
	requests    []string
	uploadCount int
	srv         *httptest.Server
}

type fakeManifest struct {
	repo, mediaType string
	body            []byte
}

func newFake(t *testing.T, authMode string, referrers bool) *fakeRegistry {
	f := &fakeRegistry{
		authMode: authMode, user: "alice", pass: "s3cret-pw", referrers: referrers,
		blobs: map[string][]byte{}, manifests: map[string]fakeManifest{},
		tags: map[string]map[string]string{}, tokens: map[string][]string{},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeRegistry) host() string { return strings.TrimPrefix(f.srv.URL, "http://") }

func (f *fakeRegistry) log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

func (f *fakeRegistry) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path)
	if r.URL.Path == "/token" {
		f.token(w, r)
		return
	}
	if r.URL.Path == "/v2/" {
		if f.authorized(w, r, "", false) {
			w.WriteHeader(http.StatusOK)
		}
		return
	}
	name, kind, rest := splitPath(strings.TrimPrefix(r.URL.Path, "/v2/"))
	if kind == "" {
		http.NotFound(w, r)
		return
	}
	if kind == "referrers" && !f.referrers {
		http.NotFound(w, r) // an unknown route: no auth challenge, as distribution 2.8
		return
	}
	push := r.Method != http.MethodGet && r.Method != http.MethodHead
	if !f.authorized(w, r, name, push) {
		return
	}
	switch kind {
	case "blobs":
		f.blob(w, r, name, rest)
	case "manifests":
		f.manifest(w, r, name, rest)
	case "tags":
		f.tagList(w, r, name)
	case "referrers":
		f.referrerList(w, r, name, rest)
	}
}

// splitPath splits "<name>/<kind>/<rest>" at the last route keyword.
func splitPath(p string) (name, kind, rest string) {
	for _, k := range []string{"/blobs/", "/manifests/", "/tags/", "/referrers/"} {
		if i := strings.LastIndex(p, k); i > 0 {
			return p[:i], strings.Trim(k, "/"), p[i+len(k):]
		}
	}
	return "", "", ""
}

func (f *fakeRegistry) authorized(w http.ResponseWriter, r *http.Request, name string, push bool) bool {
	switch f.authMode {
	case "basic":
		if u, p, ok := r.BasicAuth(); ok && u == f.user && p == f.pass {
			return true
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="fake"`)
	case "bearer":
		want := "repository:" + name + ":pull"
		if push {
			want += ",push"
		}
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if scopes, known := f.tokens[tok]; ok && known && (name == "" || slices.Contains(scopes, want) || slices.Contains(scopes, "repository:"+name+":pull,push")) {
			return true
		}
		ch := fmt.Sprintf(`Bearer realm="%s/token",service="fake-registry"`, f.srv.URL)
		if name != "" {
			ch += `,scope="` + want + `"`
		}
		w.Header().Set("WWW-Authenticate", ch)
	default:
		return true
	}
	writeErr(w, http.StatusUnauthorized, "UNAUTHORIZED", "authentication required")
	return false
}

func (f *fakeRegistry) token(w http.ResponseWriter, r *http.Request) {
	f.tokenCalls++
	if u, p, ok := r.BasicAuth(); !ok || u != f.user || p != f.pass {
		writeErr(w, http.StatusUnauthorized, "UNAUTHORIZED", "bad login")
		return
	}
	if r.URL.Query().Get("service") != "fake-registry" {
		writeErr(w, http.StatusBadRequest, "DENIED", "wrong service")
		return
	}
	tok := "tok" + strconv.Itoa(f.tokenCalls)
	f.tokens[tok] = r.URL.Query()["scope"]
	_ = json.NewEncoder(w).Encode(map[string]any{"token": tok, "expires_in": 300})
}

func writeErr(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"errors":[{"code":%q,"message":%q}]}`, code, msg)
}

func (f *fakeRegistry) blob(w http.ResponseWriter, r *http.Request, name, rest string) {
	switch {
	case r.Method == http.MethodPost && rest == "uploads/":
		f.uploadCount++
		w.Header().Set("Location", fmt.Sprintf("/v2/%s/blobs/uploads/u%d?_state=opaque", name, f.uploadCount))
		w.WriteHeader(http.StatusAccepted)
	case r.Method == http.MethodPut && strings.HasPrefix(rest, "uploads/"):
		data, _ := io.ReadAll(r.Body)
		d := r.URL.Query().Get("digest")
		if r.URL.Query().Get("_state") != "opaque" || d != Digest(data) {
			writeErr(w, http.StatusBadRequest, "DIGEST_INVALID", "digest mismatch")
			return
		}
		f.blobs[d] = data
		w.WriteHeader(http.StatusCreated)
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		data, ok := f.blobs[rest]
		if !ok {
			writeErr(w, http.StatusNotFound, "BLOB_UNKNOWN", "blob unknown")
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, _ = w.Write(data)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (f *fakeRegistry) tagList(w http.ResponseWriter, r *http.Request, name string) {
	var all []string
	for tag := range f.tags[name] {
		all = append(all, tag)
	}
	if len(all) == 0 {
		writeErr(w, http.StatusNotFound, "NAME_UNKNOWN", "repository name not known to registry")
		return
	}
	slices.Sort(all)
	page, link := pageOf(all, r, "/v2/"+name+"/tags/list")
	if link != "" {
		w.Header().Set("Link", link)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"name": name, "tags": page})
}

// pageOf serves lists one item a page, so that every test follows Link.
func pageOf[T any](all []T, r *http.Request, path string) ([]T, string) {
	i, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if i >= len(all) {
		return []T{}, ""
	}
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(i+1))
	link := ""
	if i+1 < len(all) {
		link = fmt.Sprintf(`<%s?%s>; rel="next"`, path, q.Encode())
	}
	return all[i : i+1], link
}
