package event

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain keeps the machine's git configuration out of the tests: an
// empty global config, no system config, and a HOME of our own.
func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "event-test-home")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	global := filepath.Join(home, "gitconfig")
	if err := os.WriteFile(global, nil, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("HOME", home)
	os.Setenv("GIT_CONFIG_GLOBAL", global)
	os.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

// testRepo is a real repository in a temporary directory whose commits
// have fixed dates, one minute apart.
type testRepo struct {
	t    testing.TB
	dir  string
	tick int
}

func newRepo(t testing.TB) *testRepo {
	t.Helper()
	r := &testRepo{t: t, dir: filepath.Join(t.TempDir(), "widget")}
	if err := os.Mkdir(r.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r.git("init", "-q", "-b", "main")
	r.git("config", "user.name", "Test User")
	r.git("config", "user.email", "test@example.com")
	return r
}

// git runs git in the repository and returns its trimmed output.
func (r *testRepo) git(args ...string) string {
	r.t.Helper()
	date := time.Date(2024, 1, 2, 3, 4, 0, 0, time.FixedZone("", 3600)).Add(time.Duration(r.tick) * time.Minute)
	cmd := exec.Command("git", append([]string{"-C", r.dir}, args...)...)
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_DATE="+date.Format(time.RFC3339), "GIT_COMMITTER_DATE="+date.Format(time.RFC3339))
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes files ("" content deletes the file), commits everything
// and returns the new commit's id.
func (r *testRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for name, content := range files {
		path := filepath.Join(r.dir, name)
		if content == "" {
			if err := os.Remove(path); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.tick++
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

// synth runs Synthesize with a fixed clock on the repository.
func (r *testRepo) synth(o Options) (*Event, error) {
	o.Dir = r.dir
	if o.Now == nil {
		o.Now = func() time.Time { return time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC) }
	}
	return Synthesize(context.Background(), o)
}

func (r *testRepo) mustSynth(o Options) *Event {
	r.t.Helper()
	ev, err := r.synth(o)
	if err != nil {
		r.t.Fatalf("Synthesize: %v", err)
	}
	checkJSONLike(r.t, "payload", ev.Payload)
	return ev
}

// checkJSONLike fails unless v holds only what encoding/json produces, so
// the expression evaluator sees one set of types whatever the source.
func checkJSONLike(t testing.TB, path string, v any) {
	t.Helper()
	switch v := v.(type) {
	case nil, string, float64, bool:
	case []any:
		for i, x := range v {
			checkJSONLike(t, fmt.Sprintf("%s[%d]", path, i), x)
		}
	case map[string]any:
		for k, x := range v {
			checkJSONLike(t, path+"."+k, x)
		}
	default:
		t.Errorf("%s is a %T, not a JSON value", path, v)
	}
}

// get reads a dotted path from a payload.
func get(p map[string]any, path string) any {
	return lookupPath(p, strings.Split(path, "."))
}
