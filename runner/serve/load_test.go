package serve

import (
	"bufio"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gantry-ci/gantry/runner/serve/queue"
)

// rssKB is this process's resident set size, from /proc.
func rssKB(t testing.TB) int {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// TestLoadWebhookBurst sends 200 signed deliveries, 20 at a time, to a
// daemon on loopback: every one must be queued or run, none lost.
func TestLoadWebhookBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const deliveries, concurrency = 200, 20
	bare, clone := bareRepo(t, echoWorkflow)
	run(t, clone, "git", "push", "--quiet", "origin", "main")
	sha := run(t, clone, "git", "rev-parse", "HEAD")
	d := startDaemon(t, Config{DataDir: t.TempDir(), WebhookSecret: secret, Capacity: 4,
		Repositories: []Repository{{Name: "octo/app", Path: bare}}})
	runtime.GC()
	before := rssKB(t)

	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	jobs := make(chan struct{})
	for range concurrency {
		wg.Go(func() {
			for range jobs {
				code, _ := deliver(t, d.URL, sha)
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}
		})
	}
	for range deliveries {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	accepted := time.Since(start)
	if codes[http.StatusAccepted] != deliveries {
		t.Fatalf("answers %v; want %d × 202", codes, deliveries)
	}
	counts, err := d.Store().Count()
	if err != nil {
		t.Fatal(err)
	}
	if total := sum(counts); total != deliveries {
		t.Fatalf("store holds %d runs (%v); want %d", total, counts, deliveries)
	}
	afterBurst := rssKB(t)
	for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		counts, _ = d.Store().Count()
		if counts[queue.Success] == deliveries {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not all runs finished: %v", counts)
		}
	}
	finished := time.Since(start)
	runtime.GC()
	after := rssKB(t)
	t.Logf("200 deliveries (concurrency 20): all 202 in %v (%.0f/s); all %d runs succeeded after %v (capacity 4)",
		accepted.Round(time.Millisecond), float64(deliveries)/accepted.Seconds(), deliveries, finished.Round(time.Millisecond))
	t.Logf("RSS: %d kB before, %d kB after the burst, %d kB after all runs (growth %d kB)", before, afterBurst, after, after-before)
	if after-before > 100<<10 {
		t.Errorf("RSS grew by %d kB; want flat (< 100 MB)", after-before)
	}
}

func sum(m map[queue.Status]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
