package event

import (
	"context"
	"net/url"
	"strings"

	"github.com/gantry-ci/gantry/executor/gitcli"
)

// release synthesises a published release of a tag: the event file's
// release.tag_name, else the tag --ref names, else the tag on HEAD (or
// --sha). GitHub runs it on refs/tags/<tag> at the tagged commit.
func (b *builder) release(ctx context.Context) (*Event, map[string]any, error) {
	tag, err := b.releaseTag(ctx)
	if err != nil {
		return nil, nil, err
	}
	t := target{ref: "refs/tags/" + tag}
	found, err := b.lookup(ctx, t.ref)
	if err != nil {
		return nil, nil, err
	}
	info, known := found[t.ref]
	switch {
	case b.o.SHA != "":
		t.sha, err = b.g.commit(ctx, b.o.SHA)
	case known && info.commit != "":
		t.sha = info.commit
	case known:
		t.sha, err = b.g.commit(ctx, t.ref) // a tag of a tag
	default:
		// A tag only the event file knows: the release is of what is
		// checked out.
		t.sha, err = b.g.commit(ctx, "HEAD")
	}
	if err != nil {
		return nil, nil, errorf("resolve release tag %q: %w", tag, err)
	}
	payload := b.common(false)
	payload["action"], payload["release"] = "published", b.releaseObject(tag)
	return refEvent(t), payload, nil
}

func (b *builder) releaseTag(ctx context.Context) (string, error) {
	if tag := str(b.hints, "release", "tag_name"); tag != "" {
		return tag, nil
	}
	if b.o.Ref != "" {
		full, _, err := b.fullRef(ctx, b.o.Ref, b.o.SHA != "")
		if err != nil {
			return "", err
		}
		if name, kind := refFacts(full); kind == "tag" {
			return name, nil
		}
	}
	rev := firstOf(b.o.SHA, "HEAD")
	tag, err := b.g.line(ctx, "describe", "--exact-match", "--tags", "--end-of-options", rev)
	if gitcli.ExitCode(err) == 128 && tag == "" {
		return "", errorf("release events need release.tag_name in the event file (-e) or a tag on HEAD")
	}
	if err != nil {
		return "", errorf("find the tag on %s: %w", rev, err)
	}
	return tag, nil
}

func (b *builder) releaseObject(tag string) map[string]any {
	now := isoTime(b.now)
	api := b.site.apiURL() + "/releases/" + formatID(numericID("release", b.site.fullName+"@"+tag))
	escaped := url.PathEscape(tag)
	return map[string]any{
		"id":               numericID("release", b.site.fullName+"@"+tag),
		"tag_name":         tag,
		"name":             tag,
		"body":             "",
		"target_commitish": b.defaultBranch,
		"draft":            false,
		"prerelease":       false,
		"created_at":       now,
		"published_at":     now,
		"author":           b.site.user(b.actor),
		"assets":           []any{},
		"url":              api,
		"assets_url":       api + "/assets",
		"upload_url":       strings.Replace(api, b.site.api, uploadsBase(b.site), 1) + "/assets{?name,label}",
		"html_url":         b.site.htmlURL() + "/releases/tag/" + escaped,
		"tarball_url":      b.site.apiURL() + "/tarball/" + escaped,
		"zipball_url":      b.site.apiURL() + "/zipball/" + escaped,
	}
}

// uploadsBase is where release assets are uploaded: a separate host on
// github.com, a path on GitHub Enterprise Server.
func uploadsBase(s site) string {
	if s.api == "https://api.github.com" {
		return "https://uploads.github.com"
	}
	return s.server + "/api/uploads"
}
