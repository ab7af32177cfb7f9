package expr

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// errWant in a test table's want field expects an *Error at column col
// (1-based) whose message contains msg.
type errWant struct {
	col int
	msg string
}

// testContexts is a realistic set of contexts shared by the tests.
func testContexts() map[string]any {
	return map[string]any{
		"github": map[string]any{
			"event_name": "push",
			"ref":        "refs/heads/main",
			"sha":        "ffac537e6cbbf934b08745a378932722df287a53",
			"repository": "octo-org/hello",
			"actor":      "Mona",
			"workspace":  "/home/runner/work/hello/hello",
			"run_number": 7,
			"event": map[string]any{
				"commits": []any{
					map[string]any{"message": "fix: a", "id": 1.0, "author": map[string]any{"name": "Mona"}},
					map[string]any{"message": "feat: b", "id": 2.0, "author": map[string]any{"name": "Lisa"}},
					map[string]any{"message": "chore", "id": 3.0},
				},
				"pull_request": map[string]any{
					"number": 42.0,
					"draft":  false,
					"head":   map[string]any{"ref": "feature"},
					"labels": []any{map[string]any{"name": "bug"}, map[string]any{"name": "ci"}},
				},
			},
		},
		"env":      map[string]any{"CI": "true", "EMPTY": "", "NUM": "42", "Mixed_Case": "yes"},
		"vars":     map[string]any{},
		"secrets":  map[string]any{"TOKEN": "s3cr3t"},
		"inputs":   map[string]any{"debug": true, "count": 3.0, "name": "x"},
		"matrix":   map[string]any{"node-version": 18.0, "os": "ubuntu-latest"},
		"strategy": map[string]any{"fail-fast": true, "job-index": 0.0},
		"job":      map[string]any{"status": "success"},
		"runner":   map[string]any{"os": "Linux", "arch": "X64"},
		"steps": map[string]any{
			"my-step": map[string]any{
				"outputs":    map[string]any{"x": "1", "json": `{"a":[1,2]}`},
				"outcome":    "success",
				"conclusion": "success",
			},
		},
		"needs": map[string]any{
			"job1": map[string]any{"result": "success", "outputs": map[string]any{"out": "v"}},
			"job2": map[string]any{"result": "failure", "outputs": map[string]any{}},
		},
	}
}

var cmpOpts = []cmp.Option{cmpopts.EquateNaNs()}

// checkResult compares a result or error with want (an errWant or a value).
func checkResult(t *testing.T, input string, got any, err error, want any) {
	t.Helper()
	if w, ok := want.(errWant); ok {
		checkError(t, input, err, w)
		return
	}
	if err != nil {
		t.Errorf("%q: unexpected error: %v", input, err)
		return
	}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("%q: (-want +got)\n%s", input, diff)
	}
}

func checkError(t *testing.T, input string, err error, w errWant) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%q: want *Error at col %d containing %q, got %v", input, w.col, w.msg, err)
		return
	}
	if e.Offset+1 != w.col || !strings.Contains(e.Msg, w.msg) {
		t.Errorf("%q: want error at col %d containing %q, got col %d: %v", input, w.col, w.msg, e.Offset+1, e)
	}
}
