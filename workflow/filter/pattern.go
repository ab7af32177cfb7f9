package filter

import (
	"fmt"
	"regexp"
)

// Pattern is one compiled filter pattern. It is immutable and safe for
// concurrent use.
type Pattern struct {
	source  string         // as written, '!' included
	negated bool           // source starts with '!'
	re      *regexp.Regexp // nil when literal is used instead
	literal string         // the whole value to equal, when re is nil
}

// PatternError reports an invalid pattern.
type PatternError struct {
	Pattern string // the pattern as written
	Offset  int    // 0-based byte offset of the problem in Pattern
	Msg     string
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("invalid filter pattern %q at offset %d: %s", e.Pattern, e.Offset, e.Msg)
}

// Compile compiles a pattern. A leading '!' makes it a negated pattern (see
// Negated); the rest of the pattern must not be empty.
func Compile(pattern string) (*Pattern, error) {
	if pattern == "" {
		return nil, &PatternError{Pattern: pattern, Msg: "empty pattern"}
	}
	p := &Pattern{source: pattern}
	base := 0
	if pattern[0] == '!' {
		p.negated = true
		base = 1
		if len(pattern) == 1 {
			return nil, &PatternError{Pattern: pattern, Offset: 1, Msg: "nothing follows '!'"}
		}
	}
	t, err := translate(pattern, base)
	if err != nil {
		return nil, err
	}
	if t.isLiteral {
		// Most filters are plain names like "main"; skip the regexp.
		p.literal = t.literal
		return p, nil
	}
	// (?s) lets '.' (from "**") match newlines too: file names may hold them.
	re, err := regexp.Compile(`(?s)^(?:` + t.regex + `)$`)
	if err != nil {
		// translate only emits valid syntax, so this is a size limit.
		return nil, &PatternError{Pattern: pattern, Offset: base, Msg: "pattern too complex: " + err.Error()}
	}
	p.re = re
	return p, nil
}

// Match reports whether the pattern (ignoring any leading '!') matches the
// whole of value. Negation is applied by List, which knows the order.
func (p *Pattern) Match(value string) bool {
	if p.re == nil {
		return value == p.literal
	}
	return p.re.MatchString(value)
}

// Negated reports whether the pattern started with '!', i.e. whether a match
// excludes the value instead of including it.
func (p *Pattern) Negated() bool { return p.negated }

// String returns the pattern as written, '!' included.
func (p *Pattern) String() string { return p.source }
