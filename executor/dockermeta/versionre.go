package dockermeta

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// tagValue is the input of semver, pep440 and match entries: the value
// attribute rendered, or the pushed tag. ok is false when neither applies.
func (m *meta) tagValue(t *tagEntry) (string, bool, error) {
	if v := t.attrs["value"]; v != "" {
		s, err := m.render(v)
		return s, true, err
	}
	if !strings.HasPrefix(m.ref, "refs/tags/") {
		return "", false, nil
	}
	return m.refName("refs/tags/"), true, nil
}

// versionValue is tagValue narrowed by the match attribute (its group 1;
// left whole, with a warning, when it does not match) and with "/" as "-".
func (m *meta) versionValue(t *tagEntry) (string, bool, error) {
	v, ok, err := m.tagValue(t)
	if !ok || err != nil {
		return "", false, err
	}
	if expr := t.attrs["match"]; expr != "" {
		re, _, err := compileJSRegexp(expr, "")
		if err != nil {
			return "", false, err
		}
		loc := re.FindStringSubmatchIndex(v)
		switch {
		case loc == nil:
			m.warn("%s does not match %s.", expr, v)
		case len(loc) < 4 || loc[2] < 0:
			// match[1] is undefined and the action fails on it.
			return "", false, fmt.Errorf("match %s has no group 1 for %s", expr, v)
		default:
			v = v[loc[2]:loc[3]]
		}
	}
	return strings.ReplaceAll(v, "/", "-"), true, nil
}

func (m *meta) procSemver(t *tagEntry) error {
	v, ok, err := m.versionValue(t)
	if !ok || err != nil {
		return err
	}
	sv, valid := parseSemver(v)
	if !valid {
		m.warn("%s is not a valid semver. More info: https://semver.org/", v)
		return nil
	}
	// A prerelease only ever gives its full version (or {{raw}}), so that
	// 2.0.0-rc.1 cannot move the 2 or 2.0 tags, and never latest.
	pattern, prerelease := t.attrs["pattern"], len(sv.prerelease) > 0
	if prerelease && !isRawStatement(pattern) {
		pattern = "{{version}}"
	}
	out, err := renderTemplate(pattern, sv.scope())
	if err != nil {
		return err
	}
	return m.add(t, out, !prerelease)
}

func (m *meta) procPep440(t *tagEntry) error {
	v, ok, err := m.versionValue(t)
	if !ok || err != nil {
		return err
	}
	pv, valid := parsePEP440(v)
	if !valid {
		m.warn("%s does not conform to PEP 440. More info: https://www.python.org/dev/peps/pep-0440", v)
		return nil
	}
	if pv.isPreOrPostOrDev() {
		if isRawStatement(t.attrs["pattern"]) {
			return m.add(t, v, false)
		}
		return m.add(t, pv.clean(), false)
	}
	out, err := renderTemplate(t.attrs["pattern"], pv.scope(v))
	if err != nil {
		return err
	}
	return m.add(t, out, true)
}

var slashRegexp = regexp.MustCompile(`^/(.+)/(.*)$`)

// procMatch takes a group of a regular expression match; the pattern is
// either a bare expression or /expression/flags.
func (m *meta) procMatch(t *tagEntry) error {
	v, ok, err := m.tagValue(t)
	if !ok || err != nil {
		return err
	}
	pattern, expr, flags := t.attrs["pattern"], t.attrs["pattern"], ""
	if sm := slashRegexp.FindStringSubmatch(pattern); sm != nil {
		expr, flags = sm[1], sm[2]
	}
	re, global, err := compileJSRegexp(expr, flags)
	if err != nil {
		return err
	}
	groups, found := jsMatch(re, global, v)
	if groups == nil {
		m.warn("%s does not match %s.", pattern, v)
		return nil
	}
	// match[group] indexes the array with the attribute as a property
	// name, so only a canonical index ("0", "1", not "01") finds a group.
	g := t.attrs["group"]
	i, err := strconv.Atoi(g)
	if err != nil || strconv.Itoa(i) != g || i < 0 || i >= len(groups) || !found[i] {
		m.warn("Group %s does not exist for %s pattern.", g, pattern)
		return nil
	}
	return m.add(t, groups[i], true)
}

// jsMatch is String.prototype.match: the match and its groups (found is
// false for a group that did not take part), or with /g every match.
func jsMatch(re *regexp.Regexp, global bool, s string) (groups []string, found []bool) {
	if global {
		groups = re.FindAllString(s, -1)
		found = make([]bool, len(groups))
		for i := range found {
			found[i] = true
		}
		return groups, found
	}
	loc := re.FindStringSubmatchIndex(s)
	for i := 0; i+1 < len(loc); i += 2 {
		if loc[i] < 0 {
			groups, found = append(groups, ""), append(found, false)
			continue
		}
		groups, found = append(groups, s[loc[i]:loc[i+1]]), append(found, true)
	}
	return groups, found
}

// compileJSRegexp compiles a JavaScript regular expression with Go's
// RE2, which has the same syntax for what tag patterns use (classes,
// groups, named groups, anchors, quantifiers) but no lookaround or
// backreferences; those fail with an error rather than mismatching.
func compileJSRegexp(expr, flags string) (*regexp.Regexp, bool, error) {
	var global bool
	var mods, prefix string
	for i, f := range flags {
		if strings.ContainsRune(flags[:i], f) {
			return nil, false, fmt.Errorf("invalid regular expression flags %q", flags)
		}
		switch f {
		case 'g':
			global = true
		case 'i', 'm', 's':
			mods += string(f)
		case 'y':
			prefix = `\A` // sticky: the match must start at lastIndex 0
		case 'u', 'v', 'd':
		default:
			return nil, false, fmt.Errorf("invalid regular expression flags %q", flags)
		}
	}
	if mods != "" {
		prefix = "(?" + mods + ")" + prefix
	}
	if prefix != "" {
		expr = prefix + "(?:" + expr + ")"
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, false, fmt.Errorf("invalid regular expression /%s/: %w", expr, err)
	}
	return re, global, nil
}
