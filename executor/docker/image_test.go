package docker

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestEnsureImagePresent(t *testing.T) {
	e := testEngine(t)
	for _, p := range []PullPolicy{PullNever, PullMissing, ""} {
		var log strings.Builder
		if err := e.EnsureImage(context.Background(), debianImage, p, &log); err != nil {
			t.Errorf("EnsureImage(%q): %v", p, err)
		}
		if log.Len() != 0 {
			t.Errorf("EnsureImage(%q) pulled a present image: %q", p, log.String())
		}
	}
}

// A missing image fails with one line naming the image and the policy; with
// a policy that pulls, the pull (from Docker Hub, unreachable here) fails
// cleanly within a bounded time.
func TestEnsureImageMissing(t *testing.T) {
	e := testEngine(t)
	const img = "gantry/does-not-exist:1"
	for _, p := range []PullPolicy{PullNever, PullMissing, PullAlways} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		start := time.Now()
		err := e.EnsureImage(ctx, img, p, nil)
		cancel()
		var ie *ImageError
		if !errors.As(err, &ie) {
			t.Fatalf("EnsureImage(%s): %v, want an *ImageError", p, err)
		}
		t.Logf("%s after %v: %v", p, time.Since(start).Round(time.Millisecond), err)
		msg := err.Error()
		if ie.Image != img || ie.Policy != p || !strings.Contains(msg, img) || !strings.Contains(msg, string(p)) {
			t.Errorf("error %q does not name the image and the policy", msg)
		}
		if strings.ContainsAny(msg, "\r\n") {
			t.Errorf("error is not one line: %q", msg)
		}
		if errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("pull hung until the test's deadline")
		}
	}
}

func TestEnsureImageBadPolicy(t *testing.T) {
	e := testEngine(t)
	err := e.EnsureImage(context.Background(), debianImage, "sometimes", nil)
	var ie *ImageError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "sometimes") {
		t.Fatalf("EnsureImage with a bad policy: %v", err)
	}
}

func TestParsePullPolicy(t *testing.T) {
	for in, want := range map[string]PullPolicy{"": PullMissing, "always": PullAlways, "missing": PullMissing, "never": PullNever} {
		if got, err := ParsePullPolicy(in); err != nil || got != want {
			t.Errorf("ParsePullPolicy(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParsePullPolicy("Always"); err == nil {
		t.Error("ParsePullPolicy(Always): want an error")
	}
}
