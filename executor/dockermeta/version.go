package dockermeta

import (
	"fmt"
	"regexp"
	"strings"
)

// computeVersion runs every enabled entry in priority order (getVersion).
func (m *meta) computeVersion() error {
	for i := range m.tags {
		t := &m.tags[i]
		enabled, err := m.render(t.attrs["enable"])
		if err != nil {
			return err
		}
		if enabled != "true" && enabled != "false" {
			return fmt.Errorf("invalid value for enable attribute: %s", enabled)
		}
		if enabled == "false" {
			continue
		}
		if err := m.process(t); err != nil {
			return err
		}
	}
	return nil
}

func (m *meta) process(t *tagEntry) error {
	switch t.typ {
	case "schedule":
		return m.procSchedule(t)
	case "semver":
		return m.procSemver(t)
	case "pep440":
		return m.procPep440(t)
	case "match":
		return m.procMatch(t)
	case "edge":
		return m.procEdge(t)
	case "ref":
		return m.procRef(t)
	case "raw":
		v, err := m.render(t.attrs["value"])
		if err != nil {
			return err
		}
		return m.add(t, v, false)
	case "sha":
		if m.sha == "" {
			return nil
		}
		v := m.sha
		if t.attrs["format"] == "short" {
			s, err := m.shortSha()
			if err != nil {
				return err
			}
			v = s
		}
		return m.add(t, v, false)
	}
	return nil
}

// add is setValue then setVersion: affixes, sanitising, and the first
// value becoming the version. auto is whether latest=auto gives latest.
func (m *meta) add(t *tagEntry, val string, auto bool) error {
	val, err := m.affix(t, val)
	if err != nil {
		return err
	}
	if val == "" {
		return nil
	}
	val = sanitizeTag(val)
	if m.main == "" {
		m.main = val
	} else if val != m.main && !containsStr(m.partial, val) {
		m.partial = append(m.partial, val)
	}
	if m.latest == nil {
		latest := auto
		if m.flavor.latest != "auto" {
			latest = m.flavor.latest == "true"
		}
		m.latest = &latest
	}
	return nil
}

// affix adds the entry's prefix and suffix, or the flavor's when the
// entry has none: an entry's own attribute, even empty, replaces them.
func (m *meta) affix(t *tagEntry, val string) (string, error) {
	prefix, ok := t.attrs["prefix"]
	if !ok {
		prefix = m.flavor.prefix
	}
	suffix, ok := t.attrs["suffix"]
	if !ok {
		suffix = m.flavor.suffix
	}
	p, err := m.render(prefix)
	if err != nil {
		return "", err
	}
	s, err := m.render(suffix)
	if err != nil {
		return "", err
	}
	return p + val + s, nil
}

func containsStr(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

var tagUnsafe = regexp.MustCompile(`[^a-zA-Z0-9._-]+`)

// sanitizeTag replaces each run of characters a Docker tag cannot hold
// with a single "-".
func sanitizeTag(s string) string { return tagUnsafe.ReplaceAllString(s, "-") }

func (m *meta) procSchedule(t *tagEntry) error {
	if !strings.Contains(m.eventName, "schedule") {
		return nil
	}
	v, err := renderTemplate(t.attrs["pattern"], m.dateScope())
	if err != nil {
		return err
	}
	return m.add(t, v, false)
}

func (m *meta) procRef(t *tagEntry) error {
	switch t.attrs["event"] {
	case "branch":
		if strings.HasPrefix(m.ref, "refs/heads/") {
			return m.add(t, m.refName("refs/heads/"), false)
		}
	case "tag":
		if strings.HasPrefix(m.ref, "refs/tags/") {
			return m.add(t, m.refName("refs/tags/"), true)
		}
	case "pr":
		if strings.HasPrefix(m.ref, "refs/pull/") {
			return m.add(t, strings.TrimSuffix(m.refName("refs/pull/"), "/merge"), false)
		}
	}
	return nil
}

// procEdge tags the default branch (or the entry's branch) as "edge".
func (m *meta) procEdge(t *tagEntry) error {
	if !strings.HasPrefix(m.ref, "refs/heads/") {
		return nil
	}
	branch, ok := t.attrs["branch"], true
	if branch == "" {
		branch, ok = m.defaultBranch()
	}
	if !ok || branch != m.refName("refs/heads/") {
		return nil
	}
	return m.add(t, "edge", false)
}
