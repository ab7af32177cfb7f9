package api

import (
	_ "embed"
	"html/template"
	"net/http"
	"net/url"

	"github.com/gantry-ci/gantry/executor/artifact"
	"github.com/gantry-ci/gantry/runner/serve/queue"
	"github.com/gantry-ci/gantry/runner/serve/runlog"
)

//go:embed page.html
var pageSource string

// pages is parsed once per handler, not kept in a package variable.
func pages() *template.Template {
	return template.Must(template.New("page").Parse(pageSource))
}

// pageData is what the templates render. The first view is rendered on
// the server, so the page shows the runs and the log without running any
// script; the script only refreshes a run while it is live.
type pageData struct {
	Query     template.URL // "?token=…" or ""
	Runs      []*queue.Run
	Run       *queue.Run
	Jobs      []runlog.Job
	Lines     []string
	Artifacts []*artifact.Artifact
	Live      bool
}

func (h *handler) query(r *http.Request) template.URL {
	if t := r.URL.Query().Get("token"); t != "" && h.Token != "" {
		return template.URL("?token=" + url.QueryEscape(t))
	}
	return ""
}

func (h *handler) pageList(w http.ResponseWriter, r *http.Request) {
	runs, err := h.Store.List(200)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	render(w, "list", pageData{Query: h.query(r), Runs: runs})
}

func (h *handler) pageRun(w http.ResponseWriter, r *http.Request) {
	run, ok := h.run(w, r)
	if !ok {
		return
	}
	events, err := h.Logs.Read(run.ID)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	d := pageData{Query: h.query(r), Run: run, Jobs: runlog.Summarize(events), Live: !run.Status.Final()}
	for _, e := range events {
		if l := runlog.Text(e); l != "" {
			d.Lines = append(d.Lines, l)
		}
	}
	if s, err := artifact.OpenStore(h.ArtifactDir, run.ID); err == nil {
		d.Artifacts, _ = s.List()
	}
	render(w, "run", d)
}

func render(w http.ResponseWriter, name string, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pages().ExecuteTemplate(w, name, d); err != nil {
		http.Error(w, "render page", http.StatusInternalServerError)
	}
}
