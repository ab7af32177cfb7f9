package registry

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// fakeDoc is what the fake reads of a pushed manifest or index.
type fakeDoc struct {
	ArtifactType string            `json:"artifactType"`
	Config       *Descriptor       `json:"config"`
	Layers       []Descriptor      `json:"layers"`
	Manifests    []Descriptor      `json:"manifests"`
	Subject      *Descriptor       `json:"subject"`
	Annotations  map[string]string `json:"annotations"`
}

func (f *fakeRegistry) manifest(w http.ResponseWriter, r *http.Request, name, ref string) {
	if r.Method == http.MethodPut {
		f.putManifest(w, r, name, ref)
		return
	}
	d := ref
	if !strings.HasPrefix(ref, "sha256:") {
		d = f.tags[name][ref]
	}
	m, ok := f.manifests[d]
	if !ok || m.repo != name {
		writeErr(w, http.StatusNotFound, "MANIFEST_UNKNOWN", "manifest unknown")
		return
	}
	w.Header().Set("Content-Type", m.mediaType)
	w.Header().Set("Docker-Content-Digest", d)
	w.Header().Set("Etag", `"`+d+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(m.body)))
	if r.Method == http.MethodGet {
		_, _ = w.Write(m.body)
	}
}

func (f *fakeRegistry) putManifest(w http.ResponseWriter, r *http.Request, name, ref string) {
	body, _ := io.ReadAll(r.Body)
	var doc fakeDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		writeErr(w, http.StatusBadRequest, "MANIFEST_INVALID", "manifest invalid")
		return
	}
	if !f.contentKnown(name, doc) {
		writeErr(w, http.StatusBadRequest, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry")
		return
	}
	d := Digest(body)
	if strings.HasPrefix(ref, "sha256:") && ref != d {
		writeErr(w, http.StatusBadRequest, "DIGEST_INVALID", "digest mismatch")
		return
	}
	if im := r.Header.Get("If-Match"); im != "" {
		f.ifMatch = append(f.ifMatch, im)
		if f.conflict {
			f.conflict = false
			f.rivalUpdate(name, ref)
		}
		if im != `"`+f.tags[name][ref]+`"` {
			writeErr(w, http.StatusPreconditionFailed, "PRECONDITION_FAILED", "changed meanwhile")
			return
		}
	}
	f.manifests[d] = fakeManifest{repo: name, mediaType: r.Header.Get("Content-Type"), body: body}
	if !strings.HasPrefix(ref, "sha256:") {
		if f.tags[name] == nil {
			f.tags[name] = map[string]string{}
		}
		f.tags[name][ref] = d
	}
	w.Header().Set("Docker-Content-Digest", d)
	if doc.Subject != nil && f.referrers && !f.noSubject {
		w.Header().Set("OCI-Subject", doc.Subject.Digest)
	}
	w.WriteHeader(http.StatusCreated)
}

// contentKnown checks what distribution checks: the blobs and manifests a
// manifest names exist. The subject need not.
func (f *fakeRegistry) contentKnown(name string, doc fakeDoc) bool {
	for _, l := range append(doc.Layers, derefs(doc.Config)...) {
		if _, ok := f.blobs[l.Digest]; !ok {
			return false
		}
	}
	for _, m := range doc.Manifests {
		if stored, ok := f.manifests[m.Digest]; !ok || stored.repo != name {
			return false
		}
	}
	return true
}

func derefs(d *Descriptor) []Descriptor {
	if d == nil {
		return nil
	}
	return []Descriptor{*d}
}

// rivalDigest is the entry another client adds to a referrers tag while a
// test's update is under way.
const rivalDigest = "sha256:eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

func (f *fakeRegistry) rivalUpdate(name, tag string) {
	var idx index
	_ = json.Unmarshal(f.manifests[f.tags[name][tag]].body, &idx)
	idx.Manifests = append(idx.Manifests, Descriptor{MediaType: MediaTypeOCIManifest, Digest: rivalDigest, Size: 1, ArtifactType: "application/x-rival"})
	body, _ := json.Marshal(idx)
	f.manifests[rivalDigest] = fakeManifest{repo: name, mediaType: MediaTypeOCIManifest, body: []byte("{}")}
	f.manifests[Digest(body)] = fakeManifest{repo: name, mediaType: MediaTypeOCIIndex, body: body}
	f.tags[name][tag] = Digest(body)
}

func (f *fakeRegistry) referrerList(w http.ResponseWriter, r *http.Request, name, digest string) {
	want := r.URL.Query().Get("artifactType")
	all := []Descriptor{}
	for d, m := range f.manifests {
		var doc fakeDoc
		if m.repo != name || json.Unmarshal(m.body, &doc) != nil || doc.Subject == nil || doc.Subject.Digest != digest {
			continue
		}
		at := doc.ArtifactType
		if at == "" && doc.Config != nil {
			at = doc.Config.MediaType
		}
		if want != "" && at != want {
			continue
		}
		all = append(all, Descriptor{MediaType: m.mediaType, Digest: d, Size: int64(len(m.body)), ArtifactType: at, Annotations: doc.Annotations})
	}
	slices.SortFunc(all, func(a, b Descriptor) int { return strings.Compare(a.Digest, b.Digest) })
	page, link := pageOf(all, r, "/v2/"+name+"/referrers/"+digest)
	if link != "" {
		w.Header().Set("Link", link)
	}
	if want != "" {
		w.Header().Set("OCI-Filters-Applied", "artifactType")
	}
	w.Header().Set("Content-Type", MediaTypeOCIIndex)
	_ = json.NewEncoder(w).Encode(index{SchemaVersion: 2, MediaType: MediaTypeOCIIndex, Manifests: page})
}
