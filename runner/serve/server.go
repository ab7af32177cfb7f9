package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/gantry-ci/gantry/executor"
	"github.com/gantry-ci/gantry/runner/serve/api"
	"github.com/gantry-ci/gantry/runner/serve/queue"
	"github.com/gantry-ci/gantry/runner/serve/runlog"
	"github.com/gantry-ci/gantry/runner/serve/webhook"
)

// Server is one gantry serve daemon.
type Server struct {
	cfg     Config
	backend executor.Backend
	log     hclog.Logger
	store   *queue.Store
	logs    runlog.Dir

	accepting atomic.Bool   // false before Serve and once shutdown begins
	wake      chan struct{} // a run was queued
	done      chan struct{} // closed when shutdown begins, to end log streams
}

// New opens the daemon's store under cfg.DataDir and marks the runs a
// previous process left running as interrupted. backend is where jobs
// run: the Docker engine in production, a host backend in tests.
func New(cfg Config, backend executor.Backend, log hclog.Logger) (*Server, error) {
	cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = hclog.NewNullLogger()
	}
	// The runner makes each run's temp directory inside tmp.
	if err := os.MkdirAll(filepath.Join(cfg.DataDir, "tmp"), 0o755); err != nil {
		return nil, fmt.Errorf("serve: data directory: %w", err)
	}
	store, err := queue.Open(filepath.Join(cfg.DataDir, "runs.db"))
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	ids, err := store.Recover()
	if err != nil {
		_ = store.Close()
		return nil, fmt.Errorf("serve: %w", err)
	}
	for _, id := range ids {
		log.Warn("run was cut off by the previous process; marked interrupted", "run", id)
	}
	s := &Server{cfg: cfg, backend: backend, log: log, store: store,
		logs: runlog.Dir(filepath.Join(cfg.DataDir, "logs")),
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	if err := s.baseline(context.Background()); err != nil {
		_ = store.Close()
		return nil, err
	}
	return s, nil
}

// Store is the daemon's run store, for tests and tools in process.
func (s *Server) Store() *queue.Store { return s.store }

func (s *Server) artifactDir() string { return filepath.Join(s.cfg.DataDir, "artifacts") }

// Handler is the daemon's HTTP interface: the webhook, the API and the page.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /webhook", &webhook.Handler{Secret: []byte(s.cfg.WebhookSecret),
		Accepting: s.accepting.Load, Enqueue: s.enqueueWebhook})
	apiHandler := api.New(api.Options{Store: s.store, Logs: s.logs, ArtifactDir: s.artifactDir(),
		Token: s.cfg.Token, Done: s.done, Trigger: s.enqueueLocal, Accepting: s.accepting.Load})
	mux.Handle("/", apiHandler)
	return mux
}

// Serve takes work until ctx ends, then shuts down: no new work (the
// webhook answers 503), running runs get cfg.ShutdownTimeout to finish,
// then are cancelled (the runner removes their containers) and marked
// interrupted. The store is closed when Serve returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	defer s.store.Close()
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	httpErr := make(chan error, 1)
	go func() { httpErr <- srv.Serve(ln) }()
	s.accepting.Store(true)

	// Runs outlive ctx by up to the shutdown timeout, so their context
	// is separate and cancelled only when that time is up.
	runCtx, cancelRuns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRuns()
	var workers sync.WaitGroup
	for range s.cfg.Capacity {
		workers.Go(func() { s.work(ctx, runCtx) })
	}
	go s.poll(ctx)
	s.wakeUp()

	var err error
	select {
	case <-ctx.Done():
	case err = <-httpErr:
		err = fmt.Errorf("serve: %w", err)
	}
	s.accepting.Store(false)
	close(s.done)
	s.log.Info("shutting down; waiting for running runs", "timeout", s.cfg.ShutdownTimeout)
	if !waitTimeout(&workers, s.cfg.ShutdownTimeout) {
		s.log.Warn("shutdown timeout reached; cancelling running runs")
		cancelRuns()
		workers.Wait()
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if e := srv.Shutdown(shutCtx); e != nil && !errors.Is(e, context.DeadlineExceeded) {
		s.log.Warn("http shutdown", "error", e)
	}
	return err
}

// waitTimeout waits for wg at most d, reporting whether it finished.
func waitTimeout(wg *sync.WaitGroup, d time.Duration) bool {
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
		return true
	case <-time.After(d):
		return false
	}
}

// wakeUp tells an idle slot that a run may be waiting; a full channel
// already says so.
func (s *Server) wakeUp() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// work is one slot: it claims queued runs one after another until ctx
// (the daemon's) ends. The periodic re-check covers a wake-up another
// slot took.
func (s *Server) work(ctx, runCtx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for ctx.Err() == nil {
		r, err := s.store.Claim()
		if err != nil {
			s.log.Error("claim a run", "error", err)
		}
		if r == nil {
			select {
			case <-ctx.Done():
			case <-s.wake:
			case <-tick.C:
			}
			continue
		}
		s.wakeUp() // another run may be waiting for another slot
		s.execute(runCtx, r)
	}
}
