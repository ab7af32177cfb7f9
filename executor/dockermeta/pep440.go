package dockermeta

import (
	"regexp"
	"strings"
)

// pep440Version is the VERSION_PATTERN of @renovate/pep440 (itself from
// Python's packaging), case-insensitive and anchored as its valid() is.
var pep440Version = regexp.MustCompile(`(?i)^v?(?:(?:(?P<epoch>[0-9]+)!)?(?P<release>[0-9]+(?:\.[0-9]+)*)` +
	`(?P<pre>[-_.]?(?P<pre_l>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?P<pre_n>[0-9]+)?)?` +
	`(?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?))?` +
	`(?P<dev>[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?)` +
	`(?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$`)

// pep440 is a parsed version with its numbers already in JavaScript's
// string form, which is how the library's results reach the template.
type pep440 struct {
	epoch     string
	release   []string
	pre       string // "rc1": normalised letter and number
	post, dev string // "post1", "dev4"
	local     []string
}

func parsePEP440(s string) (*pep440, bool) {
	m := pep440Version.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	g := func(name string) string { return m[pep440Version.SubexpIndex(name)] }
	v := &pep440{epoch: jsNum(g("epoch"))}
	for _, r := range strings.Split(g("release"), ".") {
		v.release = append(v.release, jsNum(r))
	}
	v.pre = letterVersion(g("pre_l"), g("pre_n"))
	postN := g("post_n1")
	if postN == "" {
		postN = g("post_n2")
	}
	v.post = letterVersion(g("post_l"), postN)
	v.dev = letterVersion(g("dev_l"), g("dev_n"))
	if l := g("local"); l != "" {
		for _, part := range strings.FieldsFunc(l, func(r rune) bool { return r == '.' || r == '_' || r == '-' }) {
			if _, isNum := jsNumber(part); isNum {
				v.local = append(v.local, jsNum(part))
			} else {
				v.local = append(v.local, strings.ToLower(part))
			}
		}
	}
	return v, true
}

// jsNum is String(Number(s)) for a string of digits (or, in local parts,
// anything Number accepts); "" stands for an absent group and gives "0".
func jsNum(s string) string {
	f, _ := jsNumber(s)
	return jsNumberString(f)
}

// letterVersion is normalize_letter_version: alternate spellings folded,
// an implicit 0, and a bare number meaning a post release.
func letterVersion(letter, number string) string {
	if letter == "" {
		if number == "" {
			return ""
		}
		return "post" + jsNum(number)
	}
	letter = strings.ToLower(letter)
	switch letter {
	case "alpha":
		letter = "a"
	case "beta":
		letter = "b"
	case "c", "pre", "preview":
		letter = "rc"
	case "rev", "r":
		letter = "post"
	}
	return letter + jsNum(number)
}

func (v *pep440) isPreOrPostOrDev() bool { return v.pre != "" || v.post != "" || v.dev != "" }

// clean is the library's stringify. A local segment is an array there and
// is interpolated with JavaScript's default comma join; the action's
// sanitising turns both "+" and "," into "-" anyway.
func (v *pep440) clean() string {
	var b strings.Builder
	if v.epoch != "0" {
		b.WriteString(v.epoch + "!")
	}
	b.WriteString(strings.Join(v.release, "."))
	b.WriteString(v.pre)
	if v.post != "" {
		b.WriteString("." + v.post)
	}
	if v.dev != "" {
		b.WriteString("." + v.dev)
	}
	if v.local != nil {
		b.WriteString("+" + strings.Join(v.local, ","))
	}
	return b.String()
}

// releasePart is major/minor/patch: the release number at i, or 0.
func (v *pep440) releasePart(i int) string {
	if i < len(v.release) {
		return v.release[i]
	}
	return "0"
}

// scope exposes raw, version, major, minor and patch, which the action
// passes as functions.
func (v *pep440) scope(raw string) hbsScope {
	fixed := func(s string) hbsHelper {
		return func([]string, []hbsPair) (string, error) { return s, nil }
	}
	return hbsScope{
		"raw": fixed(raw), "version": fixed(v.clean()),
		"major": fixed(v.releasePart(0)), "minor": fixed(v.releasePart(1)), "patch": fixed(v.releasePart(2)),
		"this": "[object Object]",
	}
}
