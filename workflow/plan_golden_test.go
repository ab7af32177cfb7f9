package workflow

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the plan tests")

// TestPlanGolden turns each workflow under testdata/plan (and the seed
// workflows) into the plan for the event its first line names
// ("# trigger: EVENT REF"; push refs/heads/main when absent) and compares
// it with the .json beside it. go test ./workflow -update rewrites them.
func TestPlanGolden(t *testing.T) {
	files, _ := filepath.Glob("../testdata/plan/*.yml")
	seeds, _ := filepath.Glob("../testdata/seeds/*.yml")
	if len(files) == 0 || len(seeds) == 0 {
		t.Fatal("no workflows under testdata/plan or testdata/seeds")
	}
	for _, file := range append(files, seeds...) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := planJSON(t, filepath.Base(file), src)
			golden := strings.TrimSuffix(file, ".yml") + ".json"
			if strings.Contains(file, "/seeds/") {
				golden = filepath.Join("../testdata/plan/seeds", filepath.Base(golden))
			}
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./workflow -run TestPlanGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("plan of %s differs from %s (go test ./workflow -run TestPlanGolden -update rewrites it):\n%s", file, golden, got)
			}
		})
	}
}

func planJSON(t *testing.T, name string, src []byte) []byte {
	t.Helper()
	trig := Trigger{Event: "push", Ref: "refs/heads/main"}
	if first, _, _ := strings.Cut(string(src), "\n"); strings.HasPrefix(first, "# trigger: ") {
		f := strings.Fields(strings.TrimPrefix(first, "# trigger: "))
		trig = Trigger{Event: f[0], Ref: f[1]}
	}
	var out any
	w, errs := Parse(name, src)
	if len(errs) == 0 {
		var plan *Plan
		plan, errs = PlanEvent([]*Workflow{w}, trig)
		out = plan
	}
	if len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		out = map[string]any{"errors": msgs}
	}
	b, err := json.MarshalIndent(map[string]any{"trigger": trig, "plan": out}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}
