// Package queue keeps gantry serve's runs in a bbolt database: the queue
// of runs waiting for a slot, the runs in progress and the finished ones,
// so that a restart loses none of them.
package queue

import "time"

// Status is where a run is in its life.
type Status string

// The statuses of a run. Queued and Running are live; the others are final.
const (
	Queued      Status = "queued"
	Running     Status = "running"
	Success     Status = "success"
	Failure     Status = "failure"
	Cancelled   Status = "cancelled"
	Skipped     Status = "skipped"     // no workflow was triggered
	Errored     Status = "error"       // the run could not start (checkout, workflow errors)
	Interrupted Status = "interrupted" // the daemon stopped while it ran
)

// Final reports whether s is a final status.
func (s Status) Final() bool { return s != Queued && s != Running }

// Run is one event to run, and what became of it. It holds no secret:
// the daemon looks them up by repository when the run starts.
type Run struct {
	ID         int64     `json:"id"`
	Status     Status    `json:"status"`
	Event      string    `json:"event"`                // push, pull_request, release, workflow_dispatch
	Repository string    `json:"repository"`           // owner/name
	Ref        string    `json:"ref,omitempty"`        // full ref
	SHA        string    `json:"sha,omitempty"`        // commit to check out ("" → what Ref points to)
	Source     string    `json:"source"`               // webhook, poll or trigger
	Delivery   string    `json:"delivery,omitempty"`   // X-GitHub-Delivery
	Error      string    `json:"error,omitempty"`      // why the run errored or was interrupted
	Queued     time.Time `json:"queued_at"`            // when it was enqueued
	Started    time.Time `json:"started_at,omitzero"`  // when a slot took it
	Finished   time.Time `json:"finished_at,omitzero"` // when it ended
	Artifacts  int       `json:"artifacts,omitempty"`  // how many it kept
}
