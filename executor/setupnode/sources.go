package setupnode

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"strings"
)

// indexEntry is one release in a Node mirror's index.json.
type indexEntry struct {
	Version string          `json:"version"`
	Files   []string        `json:"files"`
	NPM     string          `json:"npm"`
	LTS     json.RawMessage `json:"lts"` // false, or the codename
}

// ltsName is the entry's codename in lower case, "" when not an LTS release.
func (e indexEntry) ltsName() string {
	var name string
	if json.Unmarshal(e.LTS, &name) != nil {
		return ""
	}
	return strings.ToLower(name)
}

// packument is the part of an npm registry document gantry reads.
type packument struct {
	Versions map[string]pkgVersion `json:"versions"`
}

type pkgVersion struct {
	Engines json.RawMessage `json:"engines"` // an object, or in ancient packages an array
	Dist    struct {
		Tarball   string `json:"tarball"`
		Integrity string `json:"integrity"`
		Shasum    string `json:"shasum"`
	} `json:"dist"`
}

// engineNode is the engines.node range, "" when absent or unreadable.
func (p pkgVersion) engineNode() string {
	var e map[string]any
	if json.Unmarshal(p.Engines, &e) != nil {
		return ""
	}
	s, _ := e["node"].(string)
	return s
}

// session memoizes what one Resolve or Install call fetched, so index.json
// and each packument are read at most once per call (and failures too: a
// mirror that refused once is not asked again).
type session struct {
	ctx      context.Context
	o        Options
	index    []indexEntry
	indexErr error
	indexed  bool
	packs    map[string]*packument
}

func newSession(ctx context.Context, o Options) *session {
	return &session{ctx: ctx, o: o, packs: map[string]*packument{}}
}

func (s *session) mirrorIndex() ([]indexEntry, error) {
	if !s.indexed {
		s.indexed = true
		url := s.o.Mirror + "/index.json"
		if err := s.getJSON(url, "application/json", &s.index); err != nil {
			s.indexErr = err
			s.o.Log("Node mirror unavailable: %v", err)
		}
	}
	return s.index, s.indexErr
}

// packument asks for the abbreviated document ("corgi"), which has the
// versions, dist and engines gantry needs at a fraction of the size.
func (s *session) packument(name string) (*packument, error) {
	if p, ok := s.packs[name]; ok {
		return p, nil
	}
	var p packument
	url := s.o.NPMRegistry + "/" + name
	if err := s.getJSON(url, "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8", &p); err != nil {
		return nil, err
	}
	s.packs[name] = &p
	return &p, nil
}

func (s *session) getJSON(url, accept string, into any) error {
	body, err := s.get(url, accept)
	if err != nil {
		return err
	}
	defer body.Close()
	if err := json.NewDecoder(body).Decode(into); err != nil {
		return fmt.Errorf("GET %s: decode: %w", url, err)
	}
	return nil
}

// errNotFound marks a 404 so callers can try another file name.
var errNotFound = errors.New("404 Not Found")

func (s *session) get(url, accept string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	req.Header.Set("User-Agent", "gantry-setup-node")
	resp, err := s.o.HTTP.Do(req)
	if err != nil {
		return nil, err // a *url.Error: it already names the method and URL
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound {
			return nil, fmt.Errorf("GET %s: %w", url, errNotFound)
		}
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return resp.Body, nil
}

// digests holds the hashes of a download, computed while it streams to
// disk so verification costs no second read.
type digests struct {
	sha1, sha256, sha512 []byte
}

// download saves url to the file dest and returns its digests.
func (s *session) download(url, dest string) (digests, error) {
	body, err := s.get(url, "")
	if err != nil {
		return digests{}, err
	}
	defer body.Close()
	f, err := os.Create(dest)
	if err != nil {
		return digests{}, fmt.Errorf("download %s: %w", url, err)
	}
	defer f.Close()
	h1, h256, h512 := sha1.New(), sha256.New(), sha512.New()
	if _, err := io.Copy(io.MultiWriter(f, h1, h256, h512), body); err != nil {
		return digests{}, fmt.Errorf("download %s: %w", url, err)
	}
	if err := f.Close(); err != nil {
		return digests{}, fmt.Errorf("download %s: %w", url, err)
	}
	return digests{sum(h1), sum(h256), sum(h512)}, nil
}

func sum(h hash.Hash) []byte { return h.Sum(nil) }
