package dockermeta

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// A mustache's inside is lexed as Handlebars' lexer does (handlebars.l):
// the longest match at each point, literals before identifiers, and each
// token valid only before its lookahead characters. A stricter or looser
// lexer would render templates the action rejects, or the reverse.

type hbsTokKind int

const (
	tokID hbsTokKind = iota
	tokSep
	tokEquals
	tokString
	tokLiteral // number, boolean, undefined or null
)

type hbsTok struct {
	kind hbsTokKind
	text string // the identifier, separator, literal text or string content
}

var (
	hbsID      = regexp.MustCompile("^[^\\s!\"#%-,./;->@\\[-\\^`{-~]+")
	hbsNumber  = regexp.MustCompile(`^-?[0-9]+(?:\.[0-9]+)?`)
	hbsKeyword = regexp.MustCompile(`^(?:true|false|undefined|null)`)
	hbsSegment = regexp.MustCompile(`^\[(?:\\\]|[^\]])*\]`)
)

// lookahead reports whether s starts with one of chars, or is empty (the
// mustache's closing braces follow).
func lookahead(s, chars string) bool {
	return s == "" || strings.ContainsRune(chars, rune(s[0])) || isJSSpace(rune(s[0]))
}

func hbsLex(body string) ([]hbsTok, error) {
	var toks []hbsTok
	for s := body; ; {
		s = strings.TrimLeftFunc(s, isJSSpace)
		if s == "" {
			return toks, nil
		}
		tok, n, err := hbsLexOne(s)
		if err != nil {
			return nil, err
		}
		toks = append(toks, tok)
		s = s[n:]
	}
}

func hbsLexOne(s string) (hbsTok, int, error) {
	const literalAhead, idAhead = "~})", "=~}/.)|"
	switch c := s[0]; {
	case c == '(' || c == ')' || c == '@':
		return hbsTok{}, 0, fmt.Errorf("%w: %q", errHbsUnsupported, c)
	case c == '"' || c == '\'':
		for i := 1; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) && s[i+1] == c {
				i++
			} else if s[i] == c {
				return hbsTok{tokString, strings.ReplaceAll(s[1:i], `\`+string(c), string(c))}, i + 1, nil
			}
		}
		return hbsTok{}, 0, errors.New("unterminated string literal")
	case c == '=':
		return hbsTok{tokEquals, "="}, 1, nil
	}
	if m := hbsKeyword.FindString(s); m != "" && lookahead(s[len(m):], literalAhead) {
		return hbsTok{tokLiteral, m}, len(m), nil
	}
	if m := hbsNumber.FindString(s); m != "" && lookahead(s[len(m):], literalAhead) {
		return hbsTok{tokLiteral, m}, len(m), nil
	}
	switch {
	case strings.HasPrefix(s, ".."):
		return hbsTok{tokID, ".."}, 2, nil
	case s[0] == '.' && lookahead(s[1:], idAhead):
		return hbsTok{tokID, "."}, 1, nil
	case s[0] == '.' || s[0] == '/':
		return hbsTok{tokSep, s[:1]}, 1, nil
	}
	if m := hbsSegment.FindString(s); m != "" && lookahead(s[len(m):], idAhead) {
		return hbsTok{tokID, strings.ReplaceAll(m[1:len(m)-1], `\]`, "]")}, len(m), nil
	}
	if m := hbsID.FindString(s); m != "" && lookahead(s[len(m):], idAhead) {
		return hbsTok{tokID, m}, len(m), nil
	}
	return hbsTok{}, 0, fmt.Errorf("invalid token at %q", s)
}

// parseExpr parses "helperName param... key=value..." inside a mustache.
func (n *hbsNode) parseExpr(body string) error {
	toks, err := hbsLex(body)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		return errors.New("empty mustache")
	}
	if toks[0].kind == tokID && toks[0].text == "else" {
		return fmt.Errorf("%w: else", errHbsUnsupported)
	}
	head, rest, err := hbsParam(toks)
	if err != nil {
		return err
	}
	if head.path == nil {
		// A literal helper name ({{"name"}}, {{1}}) is looked up as a name.
		head.path, n.literal = []string{head.lit}, true
	}
	n.path = head.path
	for len(rest) > 0 {
		if len(rest) > 1 && rest[0].kind == tokID && rest[1].kind == tokEquals {
			key := rest[0].text
			var v hbsArg
			if v, rest, err = hbsParam(rest[2:]); err != nil {
				return err
			}
			n.hash = append(n.hash, hbsHashArg{key, v})
			continue
		}
		if len(n.hash) > 0 {
			return errors.New("positional parameter after hash arguments")
		}
		var a hbsArg
		if a, rest, err = hbsParam(rest); err != nil {
			return err
		}
		n.params = append(n.params, a)
	}
	return nil
}

// hbsParam parses one literal or path and returns the tokens after it.
func hbsParam(toks []hbsTok) (hbsArg, []hbsTok, error) {
	if len(toks) == 0 {
		return hbsArg{}, nil, errors.New("missing value")
	}
	switch t := toks[0]; t.kind {
	case tokString, tokLiteral:
		return hbsArg{lit: t.text}, toks[1:], nil
	case tokID:
		parts := []string{t.text}
		i := 1
		for ; i+1 < len(toks) && toks[i].kind == tokSep; i += 2 {
			if toks[i+1].kind != tokID {
				return hbsArg{}, nil, fmt.Errorf("expecting an identifier after %q", toks[i].text)
			}
			parts = append(parts, toks[i+1].text)
		}
		if i < len(toks) && toks[i].kind == tokSep {
			return hbsArg{}, nil, errors.New("path ends in a separator")
		}
		a, err := preparePath(parts)
		return a, toks[i:], err
	}
	return hbsArg{}, nil, fmt.Errorf("unexpected %q", toks[0].text)
}

// preparePath drops a leading this or ".", as Handlebars does; "this"
// alone is the context itself, and ".." a parent the root does not have.
func preparePath(parts []string) (hbsArg, error) {
	var dig []string
	parent := false
	for _, p := range parts {
		if p == "." || p == ".." || p == "this" {
			if len(dig) > 0 {
				return hbsArg{}, fmt.Errorf("invalid path %q", strings.Join(parts, "."))
			}
			parent = parent || p == ".."
			continue
		}
		dig = append(dig, p)
	}
	switch {
	case parent:
		return hbsArg{path: []string{"\x00.."}}, nil
	case dig == nil:
		return hbsArg{path: []string{"this"}}, nil
	}
	return hbsArg{path: dig}, nil
}
