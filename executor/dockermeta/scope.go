package dockermeta

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

func fixed(s string) hbsHelper {
	return func([]string, []hbsPair) (string, error) { return s, nil }
}

// globalScope is the context of setGlobalExp, which renders tag values,
// prefixes, suffixes, enable conditions, labels and annotations.
func (m *meta) globalScope() hbsScope {
	isDefault := m.isDefaultBranch()
	return hbsScope{
		"branch":                fixed(m.refName("refs/heads/")),
		"tag":                   fixed(m.refName("refs/tags/")),
		"sha":                   hbsHelper(func([]string, []hbsPair) (string, error) { return m.shortSha() }),
		"base_ref":              fixed(m.baseRef()),
		"is_default_branch":     fixed(fmt.Sprint(isDefault)),
		"is_not_default_branch": fixed(fmt.Sprint(!isDefault)),
		"date":                  m.dateHelper(&m.now),
		"commit_date":           m.dateHelper(m.commitDate),
		"this":                  "[object Object]",
	}
}

// dateScope is the context of a schedule pattern: the dates alone.
func (m *meta) dateScope() hbsScope {
	return hbsScope{"date": m.dateHelper(&m.now), "commit_date": m.dateHelper(m.commitDate), "this": "[object Object]"}
}

// refName is the ref without prefix, or "" for a ref of another kind.
func (m *meta) refName(prefix string) string {
	if !strings.HasPrefix(m.ref, prefix) {
		return ""
	}
	return strings.TrimPrefix(m.ref, prefix)
}

// baseRef is {{base_ref}}: the push payload's base_ref for a tag, or the
// pull request's base branch.
func (m *meta) baseRef() string {
	if strings.HasPrefix(m.ref, "refs/tags/") {
		if v, ok := lookup(m.payload, "base_ref"); ok && v != nil {
			return strings.TrimPrefix(jsString(v), "refs/heads/")
		}
	}
	if strings.HasPrefix(m.ref, "refs/pull/") {
		if v, ok := lookup(m.payload, "pull_request", "base", "ref"); ok && v != nil {
			return jsString(v)
		}
	}
	return ""
}

// isDefaultBranch compares the ref, less any refs/heads/, with the
// repository's default branch. Events that only ever run on the default
// branch's last commit count as on it whatever their ref.
func (m *meta) isDefaultBranch() bool {
	branch := strings.TrimPrefix(m.ref, "refs/heads/")
	if branch == "" {
		return false
	}
	if def, ok := lookup(m.payload, "repository", "default_branch"); ok && def != nil && jsString(def) == branch {
		return true
	}
	for _, ev := range []string{"create", "discussion", "issues", "schedule"} {
		if strings.Contains(m.eventName, ev) {
			return true
		}
	}
	return false
}

// defaultBranch is repo.default_branch for type=edge; ok is false when
// the payload has none, which matches no branch.
func (m *meta) defaultBranch() (string, bool) {
	v, ok := lookup(m.payload, "repository", "default_branch")
	if !ok || v == nil {
		return "", false
	}
	return jsString(v), true
}

// dateHelper is {{date 'FORMAT' tz='Zone'}} and {{commit_date ...}}: the
// time formatted by moment in the zone, UTC by default.
func (m *meta) dateHelper(t *time.Time) hbsHelper {
	return func(params []string, hash []hbsPair) (string, error) {
		if len(params) != 1 {
			return "", errors.New("date expressions take one format argument")
		}
		tz := "UTC"
		for _, h := range hash {
			if h.key != "tz" {
				return "", fmt.Errorf("unknown %s attribute", h.key)
			}
			tz = h.value
		}
		if tz == "" {
			return "", errors.New("empty tz attribute")
		}
		if t == nil {
			return "Invalid date", nil
		}
		mt, ok := inZone(*t, tz)
		if !ok {
			m.warn("Moment Timezone has no data for %s; using UTC", tz)
		}
		return mt.format(params[0]), nil
	}
}

// render is setGlobalExp.
func (m *meta) render(tmpl string) (string, error) {
	return renderTemplate(tmpl, m.global)
}
