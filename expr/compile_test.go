package expr

import (
	"errors"
	"io/fs"
	"sync"
	"testing"
)

func TestCompileCondition(t *testing.T) {
	type want struct{ success, failure, cancelled bool }
	tests := []struct {
		what   string
		input  string
		source string
		want   want
	}{
		{"empty means success()", "", "success()", want{true, false, false}},
		{"blank means success()", "  ", "success()", want{true, false, false}},
		{"implicit success", "true", "success() && (true)", want{true, false, false}},
		{"implicit success, false", "github.event_name == 'pull_request'", "success() && (github.event_name == 'pull_request')", want{false, false, false}},
		{"wrapper stripped", "${{ github.event_name == 'push' }}", "success() && (github.event_name == 'push')", want{true, false, false}},
		{"wrapper with spaces", "  ${{ true }} ", "success() && (true)", want{true, false, false}},
		{"always", "always()", "always()", want{true, true, true}},
		{"failure", "failure()", "failure()", want{false, true, false}},
		{"cancelled", "cancelled()", "cancelled()", want{false, false, true}},
		{"not cancelled", "!cancelled()", "!cancelled()", want{true, true, false}},
		{"success or failure", "success() || failure()", "success() || failure()", want{true, true, false}},
		{"status in wrapper", "${{ failure() && github.ref == 'refs/heads/main' }}", "failure() && github.ref == 'refs/heads/main'", want{false, true, false}},
		{"case-insensitive status", "Always()", "Always()", want{true, true, true}},
		{"nested status", "contains(format('{0}', failure()), 'true')", "contains(format('{0}', failure()), 'true')", want{false, true, false}},
		{"always and false", "always() && false", "always() && false", want{false, false, false}},
		{"or without status", "false || true", "success() && (false || true)", want{true, false, false}},
		{"falsy string value", "env.EMPTY", "success() && (env.EMPTY)", want{false, false, false}},
		{"text around expression is a string", "${{ false }} && false", "success() && (format('{0} && false', false))", want{true, false, false}},
		{"status in interpolated string", "x ${{ failure() }}", "format('x {0}', failure())", want{true, true, true}},
	}
	for _, tc := range tests {
		t.Run(tc.what, func(t *testing.T) {
			p, err := CompileCondition(tc.input)
			if err != nil {
				t.Fatal(err)
			}
			if p.Source() != tc.source {
				t.Errorf("Source() = %q, want %q", p.Source(), tc.source)
			}
			got := want{}
			for status, dst := range map[Status]*bool{StatusSuccess: &got.success, StatusFailure: &got.failure, StatusCancelled: &got.cancelled} {
				*dst, err = p.EvalBool(&Env{Contexts: testContexts(), Status: status})
				if err != nil {
					t.Fatal(err)
				}
			}
			if got != tc.want {
				t.Errorf("success/failure/cancelled = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestCompileConditionErrors(t *testing.T) {
	tests := []struct {
		input string
		want  errWant
	}{
		{"github.ref ==", errWant{14, "unexpected end"}},
		{"${{ github.ref == }}", errWant{18, "unexpected end"}},
		{"${{ github.ref", errWant{1, "not closed"}},
		{"foo", errWant{1, "unrecognized named-value"}},
		{`"quoted"`, errWant{1, "unexpected symbol"}},
	}
	for _, tc := range tests {
		_, err := CompileCondition(tc.input)
		checkError(t, tc.input, err, tc.want)
	}
}

func TestProgramSourceAndNilEnv(t *testing.T) {
	p, err := Compile("github.ref || 'none'")
	if err != nil {
		t.Fatal(err)
	}
	if p.Source() != "github.ref || 'none'" {
		t.Errorf("Source() = %q", p.Source())
	}
	v, err := p.Eval(nil)
	if err != nil || v != "none" {
		t.Errorf("Eval(nil) = %v, %v", v, err)
	}
	ok, err := p.EvalBool(&Env{})
	if err != nil || !ok {
		t.Errorf("EvalBool = %v, %v", ok, err)
	}
}

func TestEvalErrorWrapping(t *testing.T) {
	p, err := Compile("github.ref && hashFiles('**/go.sum', '!vendor')")
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{
		Contexts: map[string]any{"github": map[string]any{"ref": "x"}},
		HashFiles: func(patterns []string) (string, error) {
			return "", fs.ErrPermission
		},
	}
	_, err = p.Eval(env)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error, got %v", err)
	}
	if e.Offset != 14 || e.Expr != p.Source() {
		t.Errorf("offset %d expr %q", e.Offset, e.Expr)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("cause not wrapped: %v", err)
	}
	want := `expression "github.ref && hashFiles('**/go.sum', '!vendor')": col 15: hashFiles('**/go.sum, !vendor') failed: permission denied`
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}

func TestHashFilesFunction(t *testing.T) {
	var got []string
	env := &Env{HashFiles: func(patterns []string) (string, error) {
		got = patterns
		return "abc", nil
	}}
	p, err := Compile("hashFiles('a', 1, null)")
	if err != nil {
		t.Fatal(err)
	}
	v, err := p.Eval(env)
	if err != nil || v != "abc" {
		t.Fatalf("got %v, %v", v, err)
	}
	if len(got) != 3 || got[0] != "a" || got[1] != "1" || got[2] != "" {
		t.Errorf("patterns %q", got)
	}
}

func TestDefensiveValues(t *testing.T) {
	env := &Env{Contexts: map[string]any{
		"env":    map[string]string{"A": "1"},
		"matrix": map[string]any{"n": 3, "list": []string{"x", "y"}, "u": uint(2)},
	}}
	for input, want := range map[string]any{
		"env.a":                  "1",
		"matrix.n == 3":          true,
		"matrix.n":               3.0,
		"matrix.u":               2.0,
		"join(matrix.list, '-')": "x-y",
		"matrix.list[1]":         "y",
		"toJSON(matrix.n)":       "3",
	} {
		p, err := Compile(input)
		if err != nil {
			t.Fatal(err)
		}
		v, err := p.Eval(env)
		checkResult(t, input, v, err, want)
	}
}

func TestConcurrentEval(t *testing.T) {
	p, err := Compile("github.event_name == 'push' && format('{0}-{1}', github.ref, matrix.os) || 'x'")
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Contexts: testContexts()}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				v, err := p.Eval(env)
				if err != nil || v != "refs/heads/main-ubuntu-latest" {
					t.Errorf("got %v, %v", v, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
