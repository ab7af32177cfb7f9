package api

import (
	"io"
	"net/http"
	"os"
	"time"
)

// followPoll is how often a followed log is re-read while its run runs.
const followPoll = 200 * time.Millisecond

// getLog serves the run's JSON event lines. With ?follow=1 it keeps the
// response open and sends lines as the run writes them, until the run
// ends, the client leaves or the daemon shuts down.
func (h *handler) getLog(w http.ResponseWriter, r *http.Request) {
	run, ok := h.run(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	f, err := os.Open(h.Logs.Path(run.ID))
	if err != nil && !os.IsNotExist(err) {
		writeError(w, http.StatusInternalServerError, "cannot read the log")
		return
	}
	if f != nil {
		defer f.Close()
	}
	follow := r.URL.Query().Get("follow") == "1"
	flusher, _ := w.(http.Flusher)
	for {
		if f != nil {
			if _, err := io.Copy(w, f); err != nil {
				return
			}
		}
		if !follow || run.Status.Final() {
			return
		}
		if flusher != nil {
			flusher.Flush()
		}
		select {
		case <-r.Context().Done():
			return
		case <-h.Done:
			return
		case <-time.After(followPoll):
		}
		// The status is read before the file: a run that ended in
		// between is copied once more, to its last line.
		if run, err = h.Store.Get(run.ID); err != nil {
			return
		}
		if f == nil {
			f, _ = os.Open(h.Logs.Path(run.ID))
			if f != nil {
				defer f.Close()
			}
		}
	}
}
