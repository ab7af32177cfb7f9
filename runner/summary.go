package runner

import (
	"fmt"
	"strings"
	"time"
)

// summary is the text printed at the end of a run: each job leg with its
// status and duration, and where a failed one failed.
func summary(res *Result, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nSummary (%s):\n", took.Round(10*time.Millisecond))
	if len(res.Jobs) == 0 {
		b.WriteString("  no job ran\n")
	}
	for _, j := range res.Jobs {
		fmt.Fprintf(&b, "  %s %-40s %-9s %s\n", statusMark(j.Status), j.Name, j.Status, j.Duration.Round(10*time.Millisecond))
		if j.Status != StatusFailure {
			continue
		}
		if j.FailedStep != "" {
			fmt.Fprintf(&b, "      failed at step: %s\n", j.FailedStep)
		}
		for _, l := range j.Tail {
			fmt.Fprintf(&b, "      | %s\n", l)
		}
	}
	if res.Cancelled {
		b.WriteString("  the run was cancelled\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
