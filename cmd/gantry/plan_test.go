package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPlan(t *testing.T) {
	dir := gitRepo(t, "name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"+
		"  test:\n    needs: build\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        node: [18, 20]\n    steps:\n      - run: npm test\n")
	code, stdout, stderr := run(t, "plan", "-C", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"push on refs/heads/main at ", "  job build runs-on ubuntu-latest (gantry/runner:bookworm)\n", "    step Run actions/checkout@v4 [remote action]\n",
		"  job test runs-on ubuntu-latest (gantry/runner:bookworm) after build\n", "    leg test (18)\n    leg test (20)\n", "    step Run npm test\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = run(t, "plan", "-C", dir, "--json")
	var out struct {
		Workflows []struct {
			Jobs []struct {
				ID   string
				Legs []struct {
					Matrix map[string]any
				}
				Steps []struct{ Kind string }
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || code != ExitOK {
		t.Fatalf("plan --json: exit %d, %v\n%s", code, err, stdout)
	}
	if jobs := out.Workflows[0].Jobs; len(jobs) != 2 || jobs[1].Legs[1].Matrix["node"] != 20.0 || jobs[0].Steps[0].Kind != "remote" {
		t.Errorf("plan --json = %+v", out)
	}
}

func TestPlanSaysWhatFiltersSkipped(t *testing.T) {
	dir := gitRepo(t, "on:\n  push:\n    branches: [release]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: 'true'}]\n")
	code, stdout, stderr := run(t, "plan", "-C", dir)
	if code != ExitOK || !strings.Contains(stdout, `no workflow is triggered`) ||
		!strings.Contains(stdout, `: branch "main" matches none of branches [release]`) {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	odd := gitRepo(t, "on: push\njobs:\n  a:\n    runs-on: macos-14\n    steps: [{run: 'true'}]\n")
	if _, stdout, _ := run(t, "plan", "-C", odd); !strings.Contains(stdout, "job a runs-on macos-14 (no image: map one with -P LABEL=IMAGE)") {
		t.Errorf("an unmapped label should be called out:\n%s", stdout)
	}
	if _, stdout, _ := run(t, "plan", "-C", odd, "-P", "macos-14=acme/mac:1", "--json"); !strings.Contains(stdout, `": "acme/mac:1"`) {
		t.Errorf("-P should map the label in --json:\n%s", stdout)
	}
	if code, _, stderr := run(t, "plan", "-C", dir, "a", "b"); code != ExitUsage || !strings.Contains(stderr, `unexpected argument "b"`) {
		t.Errorf("two events: exit %d %q", code, stderr)
	}
}
