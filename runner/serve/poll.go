package serve

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"time"
)

const zeroSHA = "0000000000000000000000000000000000000000"

// refsState is the bookkeeping key of a watched repository's last seen refs.
func refsState(repo Repository) string { return "refs:" + repo.Name }

// baseline records the refs of watched repositories seen for the first
// time, so that starting to watch a repository does not run its whole
// history; a repository seen before keeps its old refs, so pushes made
// while the daemon was down still run.
func (s *Server) baseline(ctx context.Context) error {
	for _, repo := range s.cfg.Repositories {
		if !repo.Watch {
			continue
		}
		var seen map[string]string
		found, err := s.store.LoadState(refsState(repo), &seen)
		if err != nil || found {
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			continue
		}
		now, err := refs(ctx, repo.Path)
		if err != nil {
			return fmt.Errorf("serve: watch %s: %w", repo.Path, err)
		}
		if err := s.store.SaveState(refsState(repo), now); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	return nil
}

// poll reads the watched repositories' refs every PollInterval and
// queues a push for each ref that moved or appeared.
func (s *Server) poll(ctx context.Context) {
	tick := time.NewTicker(s.cfg.PollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		for _, repo := range s.cfg.Repositories {
			if repo.Watch && s.accepting.Load() {
				if err := s.pollRepo(ctx, repo); err != nil {
					s.log.Warn("poll repository", "path", repo.Path, "error", err)
				}
			}
		}
	}
}

func (s *Server) pollRepo(ctx context.Context, repo Repository) error {
	var seen map[string]string
	if _, err := s.store.LoadState(refsState(repo), &seen); err != nil {
		return err
	}
	now, err := refs(ctx, repo.Path)
	if err != nil {
		return err
	}
	if maps.Equal(seen, now) {
		return nil
	}
	names := make([]string, 0, len(now))
	for ref := range now {
		names = append(names, ref)
	}
	sort.Strings(names) // a stable order of runs for one poll
	for _, ref := range names {
		before, ok := seen[ref]
		if ok && before == now[ref] {
			continue
		}
		if !ok {
			before = zeroSHA
		}
		if _, err := s.enqueuePush(repo, ref, before, now[ref], "poll"); err != nil {
			return err
		}
	}
	// Saved after queueing: a crash in between runs a push twice rather
	// than never.
	return s.store.SaveState(refsState(repo), now)
}
