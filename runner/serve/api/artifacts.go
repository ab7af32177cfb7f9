package api

import (
	"errors"
	"net/http"
	"os"

	"github.com/gantry-ci/gantry/executor/artifact"
)

func (h *handler) store(w http.ResponseWriter, r *http.Request) (*artifact.Store, bool) {
	run, ok := h.run(w, r)
	if !ok {
		return nil, false
	}
	s, err := artifact.OpenStore(h.ArtifactDir, run.ID)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return nil, false
	}
	return s, true
}

func (h *handler) listArtifacts(w http.ResponseWriter, r *http.Request) {
	s, ok := h.store(w, r)
	if !ok {
		return
	}
	list, err := s.List()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if list == nil {
		list = []*artifact.Artifact{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"artifacts": list})
}

// getArtifact sends the artifact's zip, as GitHub's download does.
func (h *handler) getArtifact(w http.ResponseWriter, r *http.Request) {
	s, ok := h.store(w, r)
	if !ok {
		return
	}
	a, err := s.Get(r.PathValue("name"))
	if errors.Is(err, artifact.ErrNotFound) {
		writeError(w, http.StatusNotFound, "no such artifact")
		return
	} else if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	f, err := os.Open(a.Path)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "cannot read the artifact")
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+sanitize(a.Name)+`.zip"`)
	http.ServeContent(w, r, a.Name+".zip", a.Created, f)
}

// sanitize keeps a file name safe inside a quoted header value.
func sanitize(s string) string {
	out := []rune{}
	for _, c := range s {
		if c == '"' || c == '\\' || c < 0x20 {
			c = '_'
		}
		out = append(out, c)
	}
	return string(out)
}
