package runner

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// actionRepo is a local repository holding a composite action, as a
// user's repository with .github/actions would be.
func actionRepo(t *testing.T, files map[string]string) (dir, sha string) {
	t.Helper()
	dir = t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "init")
	return dir, git("rev-parse", "HEAD")
}

func withRepo(dir, sha string) func(*Config) {
	return func(c *Config) {
		c.RepoDir = dir
		c.Event.SHA = sha
	}
}

func TestCheckoutAndCompositeActions(t *testing.T) {
	dir, sha := actionRepo(t, map[string]string{
		"README.md": "hello\n",
		".github/actions/greet/action.yml": `name: greet
inputs:
  who:
    required: true
  punct:
    default: "!"
outputs:
  said:
    value: ${{ steps.s.outputs.text }}
runs:
  using: composite
  steps:
    - id: s
      shell: bash
      run: |
        echo "text=hello ${{ inputs.who }}${{ inputs.punct }}" >> "$GITHUB_OUTPUT"
        echo "FROM_COMPOSITE=yes" >> "$GITHUB_ENV"
        echo "action path ${{ github.action_path }}"
    - uses: ./.github/actions/inner
`,
		".github/actions/inner/action.yml": "runs:\n  using: composite\n  steps:\n    - run: echo inner-ran\n      shell: sh\n",
	})
	res, rec := runYAML(t, `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: co
        uses: actions/checkout@v4
      - run: cat README.md && echo "commit=${{ steps.co.outputs.commit }}"
      - id: greet
        uses: ./.github/actions/greet
        with:
          who: mona
          bogus: 1
      - run: echo "said=${{ steps.greet.outputs.said }} env=$FROM_COMPOSITE"
`, withRepo(dir, sha))
	wantStatuses(t, res, map[string]Status{"a": StatusSuccess}, rec.log())
	for _, s := range []string{"| hello", "commit=" + sha, "said=hello mona! env=yes", "inner-ran", "/.github/actions/greet",
		"Unexpected input(s) 'bogus', valid inputs are ['punct', 'who']"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}

// artifactsWorkflow uploads public/ in build and downloads it in test;
// extraBuildSteps go at the end of build.
func artifactsWorkflow(extraBuildSteps string) string {
	return `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: mkdir -p public/js && echo app > public/index.html && echo code > public/js/app.js && echo secret > public/.env
      - id: up
        uses: actions/upload-artifact@main
        with:
          name: webpack artifacts
          path: public/
      - run: echo "id=${{ steps.up.outputs.artifact-id }} digest=${{ steps.up.outputs.artifact-digest }}"
` + extraBuildSteps + `  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - id: down
        uses: actions/download-artifact@main
        with:
          name: webpack artifacts
          path: public
      - run: |
          cat public/index.html public/js/app.js
          test ! -e public/.env && echo "hidden file left out"
          echo "path=${{ steps.down.outputs.download-path }}"
`
}

func TestArtifactsFlowBetweenJobs(t *testing.T) {
	res, rec := runYAML(t, artifactsWorkflow(""))
	wantStatuses(t, res, map[string]Status{"build": StatusSuccess, "test": StatusSuccess}, rec.log())
	for _, s := range []string{"id=1 digest=", "| app", "| code", "hidden file left out", "path=/"} {
		if !strings.Contains(rec.log(), s) {
			t.Errorf("log lacks %q:\n%s", s, rec.log())
		}
	}
}

func TestUploadingTheSameNameTwiceFails(t *testing.T) {
	res, rec := runYAML(t, artifactsWorkflow(`      - uses: actions/upload-artifact@v4
        with:
          name: webpack artifacts
          path: public/
`))
	wantStatuses(t, res, map[string]Status{"build": StatusFailure, "test": StatusSkipped}, rec.log())
	if !strings.Contains(rec.log(), "an artifact with this name already exists on the workflow run") {
		t.Errorf("log:\n%s", rec.log())
	}
}

func TestUnknownActionFailsTheStep(t *testing.T) {
	res, rec := runYAML(t, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: someone/thing@v1\n")
	wantStatuses(t, res, map[string]Status{"a": StatusFailure}, rec.log())
	if !strings.Contains(rec.log(), "someone/thing@v1 is not built into gantry; built in: actions/attest-build-provenance, actions/checkout") {
		t.Errorf("log:\n%s", rec.log())
	}
}
