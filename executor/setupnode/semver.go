package setupnode

import (
	"slices"
	"strconv"
	"strings"
)

// version is a semantic version as node-semver parses it (build metadata is
// dropped: it never takes part in ordering).
type version struct {
	major, minor, patch int
	pre                 []string
}

func (v version) String() string {
	s := strconv.Itoa(v.major) + "." + strconv.Itoa(v.minor) + "." + strconv.Itoa(v.patch)
	if len(v.pre) > 0 {
		s += "-" + strings.Join(v.pre, ".")
	}
	return s
}

// parseVersion accepts what semver.clean accepts: surrounding spaces and a
// leading "=" or "v" ("v14.21.3", "=14.21.3"), then a full x.y.z.
func parseVersion(s string) (version, bool) {
	p, ok := parsePartial(strings.TrimLeft(strings.TrimSpace(s), "=v"))
	if !ok || p.known < 3 {
		return version{}, false
	}
	return p.v, true
}

// compare orders versions by semver precedence: a prerelease sorts before
// its release, and prerelease identifiers compare numerically when both are
// numbers, numbers before words otherwise.
func (v version) compare(o version) int {
	for _, d := range [3]int{v.major - o.major, v.minor - o.minor, v.patch - o.patch} {
		if d != 0 {
			return sign(d)
		}
	}
	switch {
	case len(v.pre) == 0 && len(o.pre) == 0:
		return 0
	case len(v.pre) == 0:
		return 1
	case len(o.pre) == 0:
		return -1
	}
	for i := 0; i < len(v.pre) && i < len(o.pre); i++ {
		if c := comparePreID(v.pre[i], o.pre[i]); c != 0 {
			return c
		}
	}
	return sign(len(v.pre) - len(o.pre))
}

func comparePreID(a, b string) int {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	switch {
	case errA == nil && errB == nil:
		return sign(na - nb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

func sign(d int) int {
	switch {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}

// partial is a version whose trailing parts may be missing or wildcards
// ("14", "14.x", "14.21.*"): known counts the leading numeric parts.
type partial struct {
	v     version
	known int
}

func parsePartial(s string) (partial, bool) {
	s = strings.TrimLeft(s, "=v")
	if i := strings.IndexByte(s, '+'); i >= 0 {
		s = s[:i]
	}
	s, pre, hasPre := strings.Cut(s, "-")
	var p partial
	parts := strings.Split(s, ".")
	if s == "" || len(parts) > 3 {
		return p, s == ""
	}
	nums := [3]*int{&p.v.major, &p.v.minor, &p.v.patch}
	wild := false
	for i, part := range parts {
		if part == "x" || part == "X" || part == "*" {
			wild = true
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			return p, false
		}
		if wild { // node-semver ignores what follows a wildcard: "1.x.3" is "1.x"
			continue
		}
		*nums[i] = n
		p.known++
	}
	if hasPre {
		p.v.pre = strings.Split(pre, ".")
		if p.known < 3 || slices.Contains(p.v.pre, "") {
			return p, false
		}
	}
	return p, true
}
