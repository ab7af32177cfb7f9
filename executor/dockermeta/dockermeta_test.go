package dockermeta

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const testSHA = "860c1904a1ce19322e91ac35af1ab07466440c37"

var testNow = time.Date(2020, 1, 10, 0, 30, 0, 123_000_000, time.UTC)

// testRepo is the payload's repository object, which stands in for the
// action's GET /repos/{owner}/{repo}.
func testRepo() map[string]any {
	return map[string]any{
		"name": "app", "description": "The app", "html_url": "https://github.com/acme/app",
		"license": map[string]any{"spdx_id": "Apache-2.0"}, "default_branch": "main",
	}
}

func event(name, ref string) Event {
	return Event{Name: name, Ref: ref, SHA: testSHA, Now: testNow,
		Payload: map[string]any{"repository": testRepo()}, Env: map[string]string{}}
}

func generate(t *testing.T, in Inputs, ev Event) *Result {
	t.Helper()
	res, err := Generate(in, ev)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return res
}

// semverTags is S of the worked examples.
const semverTags = "type=ref,event=branch\ntype=ref,event=pr\ntype=semver,pattern={{version}}\n" +
	"type=semver,pattern={{major}}.{{minor}}\ntype=sha"

// TestWorkedExamples runs every row of spec §2.5, the real action's output.
func TestWorkedExamples(t *testing.T) {
	cases := []struct {
		name, event, ref, tags, flavor, version string
		want                                    []string
	}{
		{"branch", "push", "refs/heads/release", "", "", "release", []string{"release"}},
		{"branch sanitised", "push", "refs/heads/feature/Foo_bar", "", "", "feature-Foo_bar", []string{"feature-Foo_bar"}},
		{"tag", "push", "refs/tags/v1.2.3", "", "", "v1.2.3", []string{"v1.2.3", "latest"}},
		{"pull request", "pull_request", "refs/pull/5/merge", "", "", "pr-5", []string{"pr-5"}},
		{"release", "release", "refs/tags/v1.2.3", "", "", "v1.2.3", []string{"v1.2.3", "latest"}},
		{"schedule", "schedule", "refs/heads/main", "", "", "nightly", []string{"nightly", "main"}},
		{"semver", "push", "refs/tags/v1.2.3", semverTags, "", "1.2.3", []string{"1.2.3", "1.2", "sha-860c190", "latest"}},
		{"semver prerelease", "push", "refs/tags/v2.0.0-rc.1", semverTags, "", "2.0.0-rc.1", []string{"2.0.0-rc.1", "sha-860c190"}},
		{"semver on branch", "push", "refs/heads/main", semverTags, "", "main", []string{"main", "sha-860c190"}},
		{"flavor affixes", "push", "refs/tags/v1.2.3", "", "prefix=app-\nsuffix=-slim,onlatest=true", "app-v1.2.3-slim",
			[]string{"app-v1.2.3-slim", "latest-slim"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := generate(t, Inputs{Images: "ghcr.io/acme/app", Tags: c.tags, Flavor: c.flavor}, event(c.event, c.ref))
			if res.Version != c.version {
				t.Errorf("version = %q, want %q", res.Version, c.version)
			}
			var want []string
			for _, tag := range c.want {
				want = append(want, "ghcr.io/acme/app:"+tag)
			}
			if d := cmp.Diff(want, res.Tags); d != "" {
				t.Errorf("tags (-want +got):\n%s", d)
			}
			if d := cmp.Diff(c.want, res.TagNames); d != "" {
				t.Errorf("tag names (-want +got):\n%s", d)
			}
		})
	}
}

// TestTags covers each tag type and attribute beyond the worked examples.
func TestTags(t *testing.T) {
	cases := []struct {
		name, event, ref, tags, flavor string
		env                            map[string]string
		want                           []string
	}{
		{"sha long", "push", "refs/heads/main", "type=sha,format=long", "", nil, []string{"sha-" + testSHA}},
		{"sha length", "push", "refs/heads/main", "type=sha", "", map[string]string{"DOCKER_METADATA_SHORT_SHA_LENGTH": "12"},
			[]string{"sha-860c1904a1ce"}},
		{"sha prefix replaced", "push", "refs/heads/main", "type=sha,prefix=,suffix=-x", "", nil, []string{"860c190-x"}},
		{"raw enabled on default branch", "push", "refs/heads/main", "type=raw,value=latest,enable={{is_default_branch}}", "", nil,
			[]string{"latest"}},
		{"raw disabled elsewhere", "push", "refs/heads/dev",
			"type=raw,value=latest,enable={{is_default_branch}}\ntype=raw,value=dev,enable={{is_not_default_branch}}", "", nil,
			[]string{"dev"}},
		{"raw bare words", "push", "refs/heads/dev", "foo\nbar", "", nil, []string{"foo", "bar"}},
		{"raw expressions", "push", "refs/heads/feat/x", "type=raw,value={{branch}}-{{sha}}", "", nil, []string{"feat-x-860c190"}},
		{"edge default branch", "push", "refs/heads/main", "type=edge", "", nil, []string{"edge"}},
		{"edge other branch", "push", "refs/heads/dev", "type=edge\ntype=edge,branch=dev,suffix=-dev", "", nil, []string{"edge-dev"}},
		{"match group", "push", "refs/tags/v2.0.8-beta.67", "type=match,pattern=v(\\d.\\d),group=1", "", nil, []string{"2.0", "latest"}},
		{"match group 0", "push", "refs/tags/20200110-RC2", "type=match,pattern=\\d+", "", nil, []string{"20200110", "latest"}},
		{"match flags", "push", "refs/tags/P1/V1.2.3", "type=match,pattern=/p1\\/v(.*)/i,group=1", "", nil, []string{"1.2.3", "latest"}},
		{"match missing group", "push", "refs/tags/v1", "type=match,pattern=v(\\d),group=2\ntype=raw,x", "", nil, []string{"x"}},
		{"semver value and match", "push", "refs/heads/main", "type=semver,pattern={{version}},value=p1/v1.0.0,match=v(\\d.\\d.\\d)$", "",
			nil, []string{"1.0.0", "latest"}},
		{"semver raw prerelease", "push", "refs/tags/v2.0.8-beta.67", "type=semver,pattern={{raw}}", "", nil, []string{"v2.0.8-beta.67"}},
		{"semver major", "push", "refs/tags/v1.2.3", "type=semver,pattern=v{{major}}", "", nil, []string{"v1", "latest"}},
		{"semver invalid", "push", "refs/tags/1.2", "type=semver,pattern={{version}}\ntype=ref,event=tag", "", nil, []string{"1.2", "latest"}},
		{"pep440 version", "push", "refs/tags/v1.2.3", "type=pep440,pattern={{version}}", "", nil, []string{"1.2.3", "latest"}},
		{"pep440 major.minor", "push", "refs/tags/1.2.3", "type=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern=v{{major}}", "", nil,
			[]string{"1.2", "v1", "latest"}},
		{"pep440 rc", "push", "refs/tags/1.2.3rc2", "type=pep440,pattern={{major}}.{{minor}}", "", nil, []string{"1.2.3rc2"}},
		{"pep440 raw", "push", "refs/tags/v1.2.3rc2", "type=pep440,pattern={{raw}}", "", nil, []string{"v1.2.3rc2"}},
		{"pep440 post", "push", "refs/tags/1.2.3post1", "type=pep440,pattern={{major}}.{{minor}}", "", nil, []string{"1.2.3.post1"}},
		{"pep440 beta", "push", "refs/tags/1.2.3beta2", "type=pep440,pattern={{major}}.{{minor}}", "", nil, []string{"1.2.3b2"}},
		{"pep440 dev", "push", "refs/tags/1.0dev4", "type=pep440,pattern={{major}}.{{minor}}", "", nil, []string{"1.0.dev4"}},
		{"pep440 match", "push", "refs/tags/p1/v1.2.3", "type=pep440,pattern={{version}},match=v(\\d.\\d.\\d)$", "", nil, []string{"1.2.3", "latest"}},
		{"schedule pattern", "schedule", "refs/heads/main", "type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}", "", nil,
			[]string{"20200110-093000"}},
		{"schedule default format", "schedule", "refs/heads/main", "type=schedule,pattern={{date 'YYYY-MM-DD'}}", "", nil, []string{"2020-01-10"}},
		{"not a schedule", "push", "refs/heads/main", "type=schedule\ntype=ref,event=branch", "", nil, []string{"main"}},
		{"latest false", "push", "refs/tags/v1.2.3", "", "latest=false", nil, []string{"v1.2.3"}},
		{"latest true", "push", "refs/heads/dev", "", "latest=true", nil, []string{"dev", "latest"}},
		{"latest true with prefix", "push", "refs/heads/dev", "", "latest=true\nprefix=p-,onlatest=true", nil, []string{"p-dev", "p-latest"}},
		{"entry affixes replace flavor", "push", "refs/heads/dev", "type=ref,event=branch,prefix=b-\ntype=raw,value=x,suffix=",
			"prefix=f-\nsuffix=-s", nil, []string{"b-dev-s", "f-x"}},
		{"priority", "push", "refs/heads/dev", "type=raw,value=low\ntype=raw,value=high,priority=2000\ntype=ref,event=branch", "", nil,
			[]string{"high", "dev", "low"}},
		{"latest decided by first", "push", "refs/tags/v1", "type=raw,value=a,priority=1000\ntype=ref,event=tag", "", nil, []string{"a", "v1"}},
		{"pr prefix", "pull_request", "refs/pull/7/merge", "type=ref,event=pr,prefix=pull-", "", nil, []string{"pull-7"}},
		{"comments and blanks", "push", "refs/heads/dev", "# the branch\ntype=ref,event=branch\n\n  \n#type=sha", "", nil, []string{"dev"}},
		{"sanitised runs", "push", "refs/heads/a//b++c", "", "", nil, []string{"a-b-c"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := event(c.event, c.ref)
			if c.env != nil {
				ev.Env = c.env
			}
			res := generate(t, Inputs{Tags: c.tags, Flavor: c.flavor}, ev)
			if d := cmp.Diff(c.want, res.Tags); d != "" {
				t.Errorf("tags (-want +got):\n%s", d)
			}
		})
	}
}

func TestImages(t *testing.T) {
	cases := []struct{ images, want string }{
		{"ghcr.io/Acme/App", "ghcr.io/acme/app:dev"},
		{"name=a/b,enable=false\nname=c/D", "c/d:dev"},
		{"a/b, c/d", "a/b:dev,c/d:dev"},
		{"a/b\nname=c/d,enable=true", "a/b:dev,c/d:dev"},
		{"", "dev"},
		{"name=a/b,enable=false", "dev"},
	}
	for _, c := range cases {
		res := generate(t, Inputs{Images: c.images}, event("push", "refs/heads/dev"))
		if got := strings.Join(res.Tags, ","); got != c.want {
			t.Errorf("images %q: tags %q, want %q", c.images, got, c.want)
		}
	}
}

func TestLabelsOfPush(t *testing.T) {
	res := generate(t, Inputs{Images: "ghcr.io/acme/app"}, event("push", "refs/heads/main"))
	want := []string{
		"org.opencontainers.image.created=2020-01-10T00:30:00.123Z",
		"org.opencontainers.image.description=The app",
		"org.opencontainers.image.licenses=Apache-2.0",
		"org.opencontainers.image.revision=" + testSHA,
		"org.opencontainers.image.source=https://github.com/acme/app",
		"org.opencontainers.image.title=app",
		"org.opencontainers.image.url=https://github.com/acme/app",
		"org.opencontainers.image.version=main",
	}
	if d := cmp.Diff(want, res.Labels); d != "" {
		t.Errorf("labels (-want +got):\n%s", d)
	}
	if got := res.Outputs["labels"]; got != strings.Join(want, "\n") {
		t.Errorf("labels output = %q", got)
	}
	var ann []string
	for _, l := range want {
		ann = append(ann, "manifest:"+l)
	}
	if d := cmp.Diff(ann, res.Annotations); d != "" {
		t.Errorf("annotations (-want +got):\n%s", d)
	}
}

func TestUserLabels(t *testing.T) {
	ev := event("push", "refs/heads/main")
	ev.Payload["repository"].(map[string]any)["license"] = nil
	in := Inputs{Labels: "org.opencontainers.image.title=MyTitle\nmaintainer=Me\nnot-a-label\nbranch={{branch}}\n" +
		"org.opencontainers.image.title=Final=1\nZeta=z\nalpha=a"}
	res := generate(t, in, ev)
	want := []string{
		"alpha=a", "branch=main", "maintainer=Me",
		"org.opencontainers.image.created=2020-01-10T00:30:00.123Z",
		"org.opencontainers.image.description=The app",
		"org.opencontainers.image.licenses=",
		"org.opencontainers.image.revision=" + testSHA,
		"org.opencontainers.image.source=https://github.com/acme/app",
		"org.opencontainers.image.title=Final=1",
		"org.opencontainers.image.url=https://github.com/acme/app",
		"org.opencontainers.image.version=main",
		"Zeta=z",
	}
	if d := cmp.Diff(want, res.Labels); d != "" {
		t.Errorf("labels (-want +got):\n%s", d)
	}
}

func TestAnnotationLevels(t *testing.T) {
	ev := event("push", "refs/heads/main")
	ev.Env["DOCKER_METADATA_ANNOTATIONS_LEVELS"] = "manifest,index"
	res := generate(t, Inputs{Annotations: "foo=bar", SepAnnotations: ";"}, ev)
	if len(res.Annotations) != 18 || res.Annotations[0] != "manifest:foo=bar" || res.Annotations[9] != "index:foo=bar" {
		t.Errorf("annotations = %q", res.Annotations)
	}
	if !strings.HasPrefix(res.Outputs["annotations"], "manifest:foo=bar;manifest:org.") {
		t.Errorf("annotations output = %q", res.Outputs["annotations"])
	}
}

func cmpSorted() cmp.Option {
	return cmp.Transformer("sort", func(in []string) []string {
		out := append([]string(nil), in...)
		slices.Sort(out)
		return out
	})
}
