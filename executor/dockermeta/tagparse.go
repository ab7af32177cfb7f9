package dockermeta

import (
	"fmt"
)

func isTagType(s string) bool {
	return defaultPriority(s) != ""
}

// parseTag is tag.ts Parse: fields as key=value (a bare word is the
// value), a missing type meaning raw, and each type's checks and defaults.
func parseTag(s string) (tagEntry, error) {
	t := tagEntry{attrs: map[string]string{}}
	fields, err := parseFields(s)
	if err != nil {
		return t, fmt.Errorf("tags: %w", err)
	}
	for _, f := range fields {
		key, value, ok := splitTagField(f)
		switch {
		case !ok:
			t.attrs["value"] = value
		case key == "type":
			if !isTagType(value) {
				return t, fmt.Errorf("unknown tag type attribute: %s", value)
			}
			t.typ = value
		default:
			t.attrs[key] = value
		}
	}
	if t.typ == "" {
		t.typ = "raw"
	}
	if err := t.checkAttrs(s); err != nil {
		return t, err
	}
	t.setDefault("enable", "true")
	t.setDefault("priority", defaultPriority(t.typ))
	return t, nil
}

func (t *tagEntry) setDefault(key, value string) {
	if _, ok := t.attrs[key]; !ok {
		t.attrs[key] = value
	}
}

func (t *tagEntry) require(key, s string) error {
	if _, ok := t.attrs[key]; !ok {
		return fmt.Errorf("missing %s attribute for %s", key, s)
	}
	return nil
}

// checkAttrs validates the type's attributes and fills their defaults.
func (t *tagEntry) checkAttrs(s string) error {
	switch t.typ {
	case "schedule":
		t.setDefault("pattern", "nightly")
	case "semver", "pep440":
		if err := t.require("pattern", s); err != nil {
			return err
		}
		t.setDefault("value", "")
		t.setDefault("match", "")
	case "match":
		if err := t.require("pattern", s); err != nil {
			return err
		}
		t.setDefault("group", "0")
		if _, ok := jsNumber(t.attrs["group"]); !ok {
			return fmt.Errorf("invalid match group for %s", s)
		}
		t.setDefault("value", "")
	case "edge":
		t.setDefault("branch", "")
	case "ref":
		if err := t.require("event", s); err != nil {
			return err
		}
		switch t.attrs["event"] {
		case "branch", "tag":
		case "pr":
			t.setDefault("prefix", "pr-")
		default:
			return fmt.Errorf("invalid event for %s", s)
		}
	case "raw":
		return t.require("value", s)
	case "sha":
		t.setDefault("prefix", "sha-")
		t.setDefault("format", "short")
		if f := t.attrs["format"]; f != "short" && f != "long" {
			return fmt.Errorf("invalid format for %s", s)
		}
	}
	return nil
}
