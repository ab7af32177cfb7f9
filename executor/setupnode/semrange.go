package setupnode

import (
	"fmt"
	"strings"
)

// A node-semver range, written here rather than taken from a library:
// Masterminds/semver (the usual Go choice) differs from node-semver on
// prereleases, on "~1" and on "<=1.2", and setup-node's answers come from
// node-semver (semver.satisfies in base-distribution.ts). The desugaring
// below follows node-semver's ranges.js: x-ranges, tilde, caret and hyphen
// ranges become plain comparators, "||" separates alternatives.

type comparator struct {
	op string // "<", "<=", ">", ">=" or "="
	v  version
}

// semRange is an OR of comparator sets; each set is an AND.
type semRange [][]comparator

var (
	anyVersion = comparator{">=", version{}}
	noVersion  = comparator{"<", version{pre: []string{"0"}}}
)

func parseRange(s string) (semRange, error) {
	var r semRange
	for _, alt := range strings.Split(s, "||") {
		set, err := parseSet(strings.TrimSpace(alt))
		if err != nil {
			return nil, fmt.Errorf("invalid version range %q: %w", s, err)
		}
		r = append(r, set)
	}
	return r, nil
}

// parseSet reads one AND set. Operators may be separated from their version
// by spaces (">= 16"), as node-semver's comparator trimming allows.
func parseSet(s string) ([]comparator, error) {
	fields := strings.Fields(s)
	if len(fields) == 3 && fields[1] == "-" {
		return hyphen(fields[0], fields[2])
	}
	var tokens []string
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if isOperator(f) && i+1 < len(fields) {
			f += fields[i+1]
			i++
		}
		tokens = append(tokens, f)
	}
	if len(tokens) == 0 {
		return []comparator{anyVersion}, nil
	}
	var set []comparator
	for _, t := range tokens {
		cs, err := desugar(t)
		if err != nil {
			return nil, err
		}
		set = append(set, cs...)
	}
	return set, nil
}

func isOperator(s string) bool {
	switch s {
	case "<", "<=", ">", ">=", "=", "~", "~>", "^":
		return true
	}
	return false
}

func desugar(tok string) ([]comparator, error) {
	op := ""
	for _, o := range []string{"~>", "<=", ">=", "<", ">", "=", "~", "^"} {
		if strings.HasPrefix(tok, o) {
			op, tok = o, tok[len(o):]
			break
		}
	}
	p, ok := parsePartial(tok)
	if !ok {
		return nil, fmt.Errorf("bad version %q", tok)
	}
	switch op {
	case "~", "~>":
		return tilde(p), nil
	case "^":
		return caret(p), nil
	case "", "=":
		return xrange(p), nil
	}
	return primitive(op, p), nil
}

// bump returns the exclusive upper bound "next version at part i" with the
// "-0" prerelease node-semver uses so that no prerelease of it matches.
func bump(v version, i int) version {
	switch i {
	case 0:
		return version{major: v.major + 1, pre: []string{"0"}}
	case 1:
		return version{major: v.major, minor: v.minor + 1, pre: []string{"0"}}
	}
	return version{major: v.major, minor: v.minor, patch: v.patch + 1, pre: []string{"0"}}
}

func xrange(p partial) []comparator {
	switch p.known {
	case 0:
		return []comparator{anyVersion}
	case 3:
		return []comparator{{"=", p.v}}
	}
	return []comparator{{">=", p.v}, {"<", bump(p.v, p.known-1)}}
}

func tilde(p partial) []comparator {
	switch p.known {
	case 0:
		return []comparator{anyVersion}
	case 1:
		return []comparator{{">=", p.v}, {"<", bump(p.v, 0)}}
	}
	return []comparator{{">=", p.v}, {"<", bump(p.v, 1)}}
}

func caret(p partial) []comparator {
	if p.known == 0 {
		return []comparator{anyVersion}
	}
	// The first non-zero part given may not change; a lone "0" or "0.0"
	// still pins what was written.
	part := 0
	switch {
	case p.v.major != 0 || p.known == 1:
		part = 0
	case p.v.minor != 0 || p.known == 2:
		part = 1
	default:
		part = 2
	}
	return []comparator{{">=", p.v}, {"<", bump(p.v, part)}}
}

func primitive(op string, p partial) []comparator {
	if p.known == 0 {
		if op == "<" || op == ">" {
			return []comparator{noVersion}
		}
		return []comparator{anyVersion}
	}
	if p.known == 3 {
		return []comparator{{op, p.v}}
	}
	switch op {
	case ">":
		up := bump(p.v, p.known-1)
		up.pre = nil
		return []comparator{{">=", up}}
	case "<=":
		return []comparator{{"<", bump(p.v, p.known-1)}}
	case "<":
		v := p.v
		v.pre = []string{"0"}
		return []comparator{{"<", v}}
	}
	return []comparator{{">=", p.v}}
}

func hyphen(from, to string) ([]comparator, error) {
	a, okA := parsePartial(from)
	b, okB := parsePartial(to)
	if !okA || !okB {
		return nil, fmt.Errorf("bad hyphen range %q - %q", from, to)
	}
	set := []comparator{{">=", a.v}}
	switch b.known {
	case 0:
	case 3:
		set = append(set, comparator{"<=", b.v})
	default:
		set = append(set, comparator{"<", bump(b.v, b.known-1)})
	}
	return set, nil
}

func (c comparator) matches(v version) bool {
	d := v.compare(c.v)
	switch c.op {
	case "<":
		return d < 0
	case "<=":
		return d <= 0
	case ">":
		return d > 0
	case ">=":
		return d >= 0
	}
	return d == 0
}

// satisfies is node-semver's satisfies without includePrerelease: a
// prerelease matches only a set naming a prerelease of the same x.y.z.
func (r semRange) satisfies(v version) bool {
	for _, set := range r {
		if setMatches(set, v) {
			return true
		}
	}
	return false
}

func setMatches(set []comparator, v version) bool {
	for _, c := range set {
		if !c.matches(v) {
			return false
		}
	}
	if len(v.pre) == 0 {
		return true
	}
	for _, c := range set {
		if len(c.v.pre) > 0 && c.v.major == v.major && c.v.minor == v.minor && c.v.patch == v.patch {
			return true
		}
	}
	return false
}
