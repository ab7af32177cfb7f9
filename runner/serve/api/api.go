// Package api is gantry serve's HTTP interface for people and tools: the
// JSON API (run history, live logs, artifacts, local triggers) and the
// small web page over it.
package api

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gantry-ci/gantry/runner/serve/queue"
	"github.com/gantry-ci/gantry/runner/serve/runlog"
)

// ErrUnknownRepository is returned by a Trigger func for a repository the
// daemon does not know; the request gets 404.
var ErrUnknownRepository = errors.New("repository is not configured")

// Push is a push to a repository on this machine (POST /api/trigger).
type Push struct {
	Repository string `json:"repository"` // owner/name or the repository's path
	Ref        string `json:"ref"`
	Before     string `json:"before"`
	After      string `json:"after"`
}

// Options are what the handler serves from.
type Options struct {
	Store       *queue.Store
	Logs        runlog.Dir
	ArtifactDir string
	// Token, when set, is required on every request, as a bearer token
	// or ?token=.
	Token     string
	Done      <-chan struct{} // closed at shutdown: log streams end
	Trigger   func(context.Context, Push) (int64, error)
	Accepting func() bool
}

type handler struct {
	Options
	mux *http.ServeMux
}

// New returns the handler of the API and page routes.
func New(o Options) http.Handler {
	h := &handler{Options: o, mux: http.NewServeMux()}
	h.mux.HandleFunc("GET /api/runs", h.listRuns)
	h.mux.HandleFunc("GET /api/runs/{id}", h.getRun)
	h.mux.HandleFunc("GET /api/runs/{id}/log", h.getLog)
	h.mux.HandleFunc("GET /api/runs/{id}/artifacts", h.listArtifacts)
	h.mux.HandleFunc("GET /api/runs/{id}/artifacts/{name}", h.getArtifact)
	h.mux.HandleFunc("POST /api/trigger", h.trigger)
	h.mux.HandleFunc("GET /{$}", h.pageList)
	h.mux.HandleFunc("GET /runs/{id}", h.pageRun)
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.Token != "" && !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gantry"`)
		writeError(w, http.StatusUnauthorized, "a token is required (Authorization: Bearer or ?token=)")
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	h.mux.ServeHTTP(w, r)
}

// authorized compares in constant time, so timing does not leak the token.
func (h *handler) authorized(r *http.Request) bool {
	got := r.URL.Query().Get("token")
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		got = bearer
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(h.Token)) == 1
}

// RunDetail is a run with its jobs and steps, from its log.
type RunDetail struct {
	*queue.Run
	Jobs []runlog.Job `json:"jobs"`
}

func (h *handler) listRuns(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 {
		limit = 100
	}
	runs, err := h.Store.List(limit)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if runs == nil {
		runs = []*queue.Run{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"runs": runs})
}

func (h *handler) getRun(w http.ResponseWriter, r *http.Request) {
	d, ok := h.detail(w, r)
	if ok {
		writeJSON(w, http.StatusOK, d)
	}
}

// run finds the run named by the {id} path value, answering 404 if none.
func (h *handler) run(w http.ResponseWriter, r *http.Request) (*queue.Run, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, http.StatusNotFound, "no such run")
		return nil, false
	}
	run, err := h.Store.Get(id)
	if errors.Is(err, queue.ErrNotFound) {
		writeError(w, http.StatusNotFound, "no such run")
		return nil, false
	} else if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return nil, false
	}
	return run, true
}

func (h *handler) detail(w http.ResponseWriter, r *http.Request) (*RunDetail, bool) {
	run, ok := h.run(w, r)
	if !ok {
		return nil, false
	}
	events, err := h.Logs.Read(run.ID)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return nil, false
	}
	return &RunDetail{Run: run, Jobs: runlog.Summarize(events)}, true
}

func (h *handler) trigger(w http.ResponseWriter, r *http.Request) {
	if h.Accepting != nil && !h.Accepting() {
		writeError(w, http.StatusServiceUnavailable, "shutting down")
		return
	}
	var p Push
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&p); err != nil || p.Ref == "" || p.After == "" {
		writeError(w, http.StatusBadRequest, "want a JSON object with repository, ref, before and after")
		return
	}
	id, err := h.Trigger(r.Context(), p)
	switch {
	case errors.Is(err, ErrUnknownRepository):
		writeError(w, http.StatusNotFound, err.Error())
	case err != nil:
		writeError(w, http.StatusInternalServerError, "cannot queue the run")
	default:
		writeJSON(w, http.StatusAccepted, map[string]any{"status": "queued", "run_id": id})
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v) // the client hung up; nothing to mend
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}
