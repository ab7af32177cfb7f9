package serve

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gantry-ci/gantry/runner/serve/api"
	"github.com/gantry-ci/gantry/runner/serve/queue"
	"github.com/gantry-ci/gantry/runner/serve/webhook"
)

// enqueueWebhook queues a verified delivery for the local repository
// configured under its full_name: gantry works offline and cannot clone
// from GitHub.
func (s *Server) enqueueWebhook(_ context.Context, t webhook.Trigger, delivery string) (int64, error) {
	repo, ok := s.cfg.repository(t.Repository)
	if !ok || repo.Name != t.Repository {
		return 0, fmt.Errorf("%s: %w", t.Repository, webhook.ErrUnknownRepository)
	}
	return s.enqueue(queue.Run{Event: t.Event, Repository: repo.Name, Ref: t.Ref, SHA: t.SHA,
		Source: "webhook", Delivery: delivery}, t.Payload)
}

// enqueueLocal queues a push to a repository on this machine, as
// reported by `gantry trigger` (a post-receive hook).
func (s *Server) enqueueLocal(_ context.Context, p api.Push) (int64, error) {
	repo, ok := s.cfg.repository(p.Repository)
	if !ok {
		return 0, fmt.Errorf("%s: %w", p.Repository, api.ErrUnknownRepository)
	}
	return s.enqueuePush(repo, p.Ref, p.Before, p.After, "trigger")
}

// enqueuePush queues a push event; before and after steer the event's
// commit list as GitHub's payload would.
func (s *Server) enqueuePush(repo Repository, ref, before, after, source string) (int64, error) {
	payload, err := json.Marshal(map[string]any{"ref": ref, "before": before, "after": after})
	if err != nil {
		return 0, err
	}
	return s.enqueue(queue.Run{Event: "push", Repository: repo.Name, Ref: ref, SHA: after, Source: source}, payload)
}

func (s *Server) enqueue(r queue.Run, payload []byte) (int64, error) {
	id, err := s.store.Enqueue(r, payload)
	if err != nil {
		return 0, err
	}
	s.log.Info("run queued", "run", id, "event", r.Event, "repository", r.Repository, "ref", r.Ref, "source", r.Source)
	s.wakeUp()
	return id, nil
}
