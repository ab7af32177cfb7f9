package dockermeta

import (
	"regexp"
	"strconv"
	"strings"
)

// semverFull is node-semver's strict FULL expression: an optional "v",
// three numbers without leading zeros, then -prerelease and +build.
var semverFull = regexp.MustCompile(`^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)` +
	`(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][a-zA-Z0-9-]*))*))?` +
	`(?:\+([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*))?$`)

// semVer is the SemVer object the action hands to the pattern template.
type semVer struct {
	raw                 string
	major, minor, patch string
	prerelease, build   []string
}

// parseSemver is semver.parse without loose mode, which is what
// semver.valid and semver.prerelease use. The action parses again with
// loose: true for the template, but on a string that already passed the
// strict check both parses give the same fields.
func parseSemver(s string) (*semVer, bool) {
	if len(s) > 256 {
		return nil, false
	}
	m := semverFull.FindStringSubmatch(jsTrim(s))
	if m == nil {
		return nil, false
	}
	for _, n := range m[1:4] {
		if !safeInteger(n) {
			return nil, false
		}
	}
	v := &semVer{raw: s, major: m[1], minor: m[2], patch: m[3]}
	if m[4] != "" {
		v.prerelease = strings.Split(m[4], ".")
	}
	if m[5] != "" {
		v.build = strings.Split(m[5], ".")
	}
	return v, true
}

// safeInteger reports whether a decimal string is within
// Number.MAX_SAFE_INTEGER, beyond which node-semver rejects a component.
func safeInteger(n string) bool {
	if len(n) > 16 {
		return false
	}
	i, err := strconv.ParseInt(n, 10, 64)
	return err == nil && i <= 1<<53-1
}

// version is SemVer.format(): the cleaned version, without build metadata.
func (v *semVer) version() string {
	s := v.major + "." + v.minor + "." + v.patch
	if len(v.prerelease) > 0 {
		s += "-" + strings.Join(v.prerelease, ".")
	}
	return s
}

// scope exposes the SemVer object's own fields as Handlebars sees them;
// arrays render comma-joined as JavaScript's toString does.
func (v *semVer) scope() hbsScope {
	return hbsScope{
		"raw": v.raw, "version": v.version(), "major": v.major, "minor": v.minor, "patch": v.patch,
		"prerelease": strings.Join(v.prerelease, ","), "build": strings.Join(v.build, ","),
		"loose": "true", "includePrerelease": "false", "options": "[object Object]",
		"this": v.version(), // SemVer.prototype.toString
	}
}
