package dockermeta

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJSONOutput(t *testing.T) {
	ev := event("push", "refs/tags/v1.2.3")
	ev.Payload["repository"] = map[string]any{"name": "app", "description": "<b> & \"q\"\nnext", "html_url": "https://x"}
	res := generate(t, Inputs{Images: "a/b", Labels: "42=n\n__proto__=p", Annotations: "k=v"}, ev)
	want := `{"tags":["a/b:v1.2.3","a/b:latest"],"tag-names":["v1.2.3","latest"],"labels":{"42":"n",` +
		`"org.opencontainers.image.created":"2020-01-10T00:30:00.123Z","org.opencontainers.image.description":"<b> & \"q\"",` +
		`"org.opencontainers.image.licenses":"","org.opencontainers.image.revision":"` + testSHA + `",` +
		`"org.opencontainers.image.source":"https://x","org.opencontainers.image.title":"app",` +
		`"org.opencontainers.image.url":"https://x","org.opencontainers.image.version":"v1.2.3"},` +
		`"annotations":["manifest:k=v","manifest:org.opencontainers.image.created=2020-01-10T00:30:00.123Z",` +
		`"manifest:org.opencontainers.image.description=<b> & \"q\"\nnext","manifest:org.opencontainers.image.licenses=",` +
		`"manifest:org.opencontainers.image.revision=` + testSHA + `","manifest:org.opencontainers.image.source=https://x",` +
		`"manifest:org.opencontainers.image.title=app","manifest:org.opencontainers.image.url=https://x",` +
		`"manifest:org.opencontainers.image.version=v1.2.3"]}`
	if d := cmp.Diff(want, res.Outputs["json"]); d != "" {
		t.Errorf("json (-want +got):\n%s", d)
	}
}

func TestBakeFiles(t *testing.T) {
	res := generate(t, Inputs{Images: "a/b\nc/d", Tags: "type=ref,event=branch", BakeTarget: "meta"}, event("push", "refs/heads/dev"))
	want := `{
  "target": {
    "meta": {
      "tags": [
        "a/b:dev",
        "c/d:dev"
      ],
      "args": {
        "DOCKER_META_IMAGES": "a/b,c/d",
        "DOCKER_META_VERSION": "dev"
      }
    }
  }
}`
	if d := cmp.Diff(want, res.Outputs["bake-file-tags"]); d != "" {
		t.Errorf("bake-file-tags (-want +got):\n%s", d)
	}
	if !strings.Contains(res.Outputs["bake-file"], `"labels": {`) || !strings.Contains(res.Outputs["bake-file"], `"DOCKER_META_IMAGES"`) {
		t.Errorf("bake-file = %s", res.Outputs["bake-file"])
	}
	// No version: the tags are empty and DOCKER_META_VERSION is undefined.
	res = generate(t, Inputs{Tags: "type=ref,event=tag"}, event("push", "refs/heads/dev"))
	want = "{\n  \"target\": {\n    \"docker-metadata-action\": {\n      \"tags\": [],\n" +
		"      \"args\": {\n        \"DOCKER_META_IMAGES\": \"\"\n      }\n    }\n  }\n}"
	if d := cmp.Diff(want, res.Outputs["bake-file-tags"]); d != "" {
		t.Errorf("bake-file-tags without version (-want +got):\n%s", d)
	}
	wantWarn := []string{"No Docker image version has been generated. Check tags input.", "No Docker tag has been generated. Check tags input."}
	if d := cmp.Diff(wantWarn, res.Warnings); d != "" {
		t.Errorf("warnings (-want +got):\n%s", d)
	}
	res.SetBakeFilePath("bake-file-tags", "/tmp/x.json")
	if res.Outputs["bake-file-tags"] != "/tmp/x.json" || res.Env["DOCKER_METADATA_OUTPUT_BAKE_FILE_TAGS"] != "/tmp/x.json" {
		t.Errorf("SetBakeFilePath did not update outputs and env")
	}
	if got := BakeFileName("bake-file-annotations"); got != "docker-metadata-action-bake-annotations.json" {
		t.Errorf("BakeFileName = %q", got)
	}
}

func TestOutputsAndEnv(t *testing.T) {
	res := generate(t, Inputs{Images: "a/b", Tags: semverTags, SepTags: ","}, event("push", "refs/tags/v1.2.3"))
	if got, want := res.Outputs["tags"], "a/b:1.2.3,a/b:1.2,a/b:sha-860c190,a/b:latest"; got != want {
		t.Errorf("tags output = %q, want %q", got, want)
	}
	if got, want := res.Outputs["tag-names"], "1.2.3,1.2,sha-860c190,latest"; got != want {
		t.Errorf("tag-names output = %q, want %q", got, want)
	}
	var names []string
	for k, v := range res.Env {
		names = append(names, k)
		if out := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(k, "DOCKER_METADATA_OUTPUT_"), "_", "-")); res.Outputs[out] != v {
			t.Errorf("%s = %q, output %s = %q", k, v, out, res.Outputs[out])
		}
	}
	want := []string{"DOCKER_METADATA_OUTPUT_ANNOTATIONS", "DOCKER_METADATA_OUTPUT_BAKE_FILE", "DOCKER_METADATA_OUTPUT_BAKE_FILE_ANNOTATIONS",
		"DOCKER_METADATA_OUTPUT_BAKE_FILE_LABELS", "DOCKER_METADATA_OUTPUT_BAKE_FILE_TAGS", "DOCKER_METADATA_OUTPUT_JSON",
		"DOCKER_METADATA_OUTPUT_LABELS", "DOCKER_METADATA_OUTPUT_TAGS", "DOCKER_METADATA_OUTPUT_TAG_NAMES", "DOCKER_METADATA_OUTPUT_VERSION"}
	if d := cmp.Diff(want, names, cmpSorted()); d != "" {
		t.Errorf("env names (-want +got):\n%s", d)
	}
	if len(res.Outputs) != 10 {
		t.Errorf("%d outputs, want 10", len(res.Outputs))
	}
	ev := event("push", "refs/tags/v1.2.3")
	ev.Env["DOCKER_METADATA_SET_OUTPUT_ENV"] = "false"
	if res := generate(t, Inputs{}, ev); len(res.Env) != 0 {
		t.Errorf("env set with DOCKER_METADATA_SET_OUTPUT_ENV=false: %v", res.Env)
	}
	ev.Env["DOCKER_METADATA_SET_OUTPUT_ENV"] = "nope"
	if _, err := Generate(Inputs{}, ev); err == nil {
		t.Error("no error for DOCKER_METADATA_SET_OUTPUT_ENV=nope")
	}
}

func TestPullRequests(t *testing.T) {
	ev := event("pull_request_target", "refs/heads/main")
	ev.Payload["number"] = 12.0
	ev.Payload["pull_request"] = map[string]any{"head": map[string]any{"sha": "abcdef0123456789"}, "base": map[string]any{"ref": "main"}}
	in := Inputs{Tags: "type=ref,event=pr\ntype=sha\ntype=raw,value=base-{{base_ref}}"}
	res := generate(t, in, ev)
	if d := cmp.Diff([]string{"pr-12", "base-main", "sha-860c190"}, res.Tags); d != "" {
		t.Errorf("pull_request_target tags (-want +got):\n%s", d)
	}
	ev.Env["DOCKER_METADATA_PR_HEAD_SHA"] = "True"
	res = generate(t, in, ev)
	if d := cmp.Diff([]string{"pr-12", "base-main", "sha-abcdef0"}, res.Tags); d != "" {
		t.Errorf("head SHA tags (-want +got):\n%s", d)
	}
	if !strings.Contains(res.Outputs["labels"], "revision=abcdef0123456789") {
		t.Errorf("revision is not the head SHA: %s", res.Outputs["labels"])
	}
	// The git context takes ref and SHA as given.
	res = generate(t, Inputs{Context: "git", Tags: "type=ref,event=branch"}, ev)
	if d := cmp.Diff([]string{"main"}, res.Tags); d != "" {
		t.Errorf("git context tags (-want +got):\n%s", d)
	}
}

func TestGlobalExpressions(t *testing.T) {
	ev := event("push", "refs/tags/v1.0.0")
	ev.Payload["base_ref"] = "refs/heads/main"
	ev.Payload["head_commit"] = map[string]any{"id": testSHA, "timestamp": "2019-12-31T23:00:00-02:00"}
	tags := "type=raw,value={{tag}}_{{branch}}_{{base_ref}}_{{is_default_branch}}\n" +
		"type=raw,value={{commit_date 'YYYY-MM-DD HH:mm'}}\ntype=raw,value={{date 'X'}}\n" +
		"type=raw,value={{ unknown }}{{! comment }}x\ntype=raw,value=\\{{tag}}"
	res := generate(t, Inputs{Tags: tags}, ev)
	want := []string{"v1.0.0__main_false", "2020-01-01-01-00", "1578616200", "x", "-tag-"}
	if d := cmp.Diff(want, res.Tags); d != "" {
		t.Errorf("tags (-want +got):\n%s", d)
	}
	ev = event("schedule", "refs/heads/dev")
	res = generate(t, Inputs{Tags: "type=raw,value=d,enable={{is_default_branch}}"}, ev)
	if d := cmp.Diff([]string{"d"}, res.Tags); d != "" {
		t.Errorf("schedule counts as default branch (-want +got):\n%s", d)
	}
}

func TestWarnings(t *testing.T) {
	res := generate(t, Inputs{Tags: "type=semver,pattern={{version}}\ntype=match,pattern=x(y)\ntype=ref,event=tag"},
		event("push", "refs/tags/1.2"))
	want := []string{"1.2 is not a valid semver. More info: https://semver.org/", "x(y) does not match 1.2."}
	if d := cmp.Diff(want, res.Warnings); d != "" {
		t.Errorf("warnings (-want +got):\n%s", d)
	}
}

func TestErrors(t *testing.T) {
	cases := map[string]Inputs{
		"unknown type":        {Tags: "type=nope"},
		"semver pattern":      {Tags: "type=semver"},
		"match group":         {Tags: "type=match,pattern=x,group=a"},
		"ref event":           {Tags: "type=ref"},
		"ref event value":     {Tags: "type=ref,event=push"},
		"raw value":           {Tags: "type=raw,prefix=a"},
		"sha format":          {Tags: "type=sha,format=medium"},
		"enable value":        {Tags: "type=raw,value=a,enable=yes"},
		"template":            {Tags: "type=raw,value={{branch"},
		"block helper":        {Tags: "type=raw,value={{#if x}}a{{/if}}"},
		"flavor entry":        {Flavor: "latest"},
		"flavor latest":       {Flavor: "latest=maybe"},
		"flavor key":          {Flavor: "colour=blue"},
		"onlatest":            {Flavor: "prefix=a,onlatest=yes"},
		"image attribute":     {Images: "name=a\nfoo=b"},
		"image enable":        {Images: "name=a,enable=no"},
		"image name":          {Images: "enable=true\nname=b"},
		"context":             {Context: "gha"},
		"csv quote":           {Tags: `type=raw,value="a`},
		"regexp":              {Tags: "type=match,pattern=(?=x),value=x"},
		"date format missing": {Tags: "type=raw,value={{date}}"},
		"date attribute":      {Tags: "type=raw,value={{date 'YYYY' zone='UTC'}}"},
		"helper missing":      {Tags: "type=raw,value={{nope 'x'}}"},
	}
	for name, in := range cases {
		if _, err := Generate(in, event("push", "refs/heads/main")); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	ev := event("push", "refs/heads/main")
	ev.Env["DOCKER_METADATA_SHORT_SHA_LENGTH"] = "seven"
	if _, err := Generate(Inputs{Tags: "type=sha"}, ev); err == nil {
		t.Error("no error for a bad DOCKER_METADATA_SHORT_SHA_LENGTH")
	}
}
