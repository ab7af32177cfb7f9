package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// maxBody bounds a delivery; GitHub caps payloads at 25 MB.
const maxBody = 25 << 20

// ErrUnknownRepository is returned by an Enqueue func for a repository the
// daemon has no local path for; the delivery gets 422.
var ErrUnknownRepository = errors.New("repository is not configured")

// Handler serves POST /webhook.
type Handler struct {
	Secret []byte
	// Accepting reports whether the daemon takes work; false (shutting
	// down) answers 503 so that GitHub redelivers later.
	Accepting func() bool
	// Enqueue queues a verified trigger and returns the run id.
	Enqueue func(ctx context.Context, t Trigger, delivery string) (int64, error)
}

type reply struct {
	Status string `json:"status"`
	RunID  int64  `json:"run_id,omitempty"`
	Error  string `json:"error,omitempty"`
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeReply(w, http.StatusMethodNotAllowed, reply{Status: "error", Error: "POST only"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeReply(w, http.StatusRequestEntityTooLarge, reply{Status: "error", Error: "cannot read the body"})
		return
	}
	// The signature comes first: an unsigned request learns nothing,
	// not even whether the daemon is shutting down.
	if err := Verify(h.Secret, body, r.Header.Get("X-Hub-Signature-256")); err != nil {
		writeReply(w, http.StatusUnauthorized, reply{Status: "error", Error: err.Error()})
		return
	}
	event := r.Header.Get("X-GitHub-Event")
	if event == "ping" {
		writeReply(w, http.StatusOK, reply{Status: "pong"})
		return
	}
	if h.Accepting != nil && !h.Accepting() {
		writeReply(w, http.StatusServiceUnavailable, reply{Status: "error", Error: "shutting down"})
		return
	}
	t, err := Parse(event, body)
	switch {
	case errors.Is(err, ErrIgnored):
		writeReply(w, http.StatusOK, reply{Status: "ignored"})
		return
	case err != nil:
		writeReply(w, http.StatusBadRequest, reply{Status: "error", Error: err.Error()})
		return
	}
	id, err := h.Enqueue(r.Context(), t, r.Header.Get("X-GitHub-Delivery"))
	switch {
	case errors.Is(err, ErrUnknownRepository):
		writeReply(w, http.StatusUnprocessableEntity, reply{Status: "error", Error: err.Error()})
	case err != nil:
		writeReply(w, http.StatusInternalServerError, reply{Status: "error", Error: "cannot queue the run"})
	default:
		writeReply(w, http.StatusAccepted, reply{Status: "queued", RunID: id})
	}
}

func writeReply(w http.ResponseWriter, code int, v reply) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v) // the client hung up; nothing to mend
}
