package expr

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies a token. The classification follows the runner's
// lexical analyzer: whether '.' starts a number or dereferences, whether a
// keyword is a property name, a function or a named value, depends on the
// previous token or on the next non-space character.
type tokenKind int

const (
	tkEOF tokenKind = iota
	tkUnexpected
	tkNull
	tkBool
	tkNumber
	tkString
	tkNamedValue   // github, env, ...
	tkFunction     // keyword followed by '('
	tkPropertyName // keyword after '.'
	tkWildcard     // *
	tkLParen       // (
	tkRParen       // )
	tkLBracket     // [
	tkRBracket     // ]
	tkComma        // ,
	tkDot          // .
	tkOperator     // ! == != < <= > >= && ||
)

var tokenKindNames = [...]string{
	tkEOF:          "end of input",
	tkUnexpected:   "unexpected symbol",
	tkNull:         "null",
	tkBool:         "boolean",
	tkNumber:       "number",
	tkString:       "string",
	tkNamedValue:   "named-value",
	tkFunction:     "function",
	tkPropertyName: "property name",
	tkWildcard:     "'*'",
	tkLParen:       "'('",
	tkRParen:       "')'",
	tkLBracket:     "'['",
	tkRBracket:     "']'",
	tkComma:        "','",
	tkDot:          "'.'",
	tkOperator:     "operator",
}

func (k tokenKind) String() string { return tokenKindNames[k] }

// token is one lexeme. raw is the source text; str holds the unescaped value
// of a string literal; num the value of a number literal.
type token struct {
	kind tokenKind
	raw  string
	off  int
	str  string
	num  float64
}

// lexer splits an expression into tokens.
type lexer struct {
	src  string
	pos  int
	last tokenKind // kind of the previous token; tkEOF before the first
}

// tokenize returns all tokens of src, ending with a tkEOF token.
func tokenize(src string) []token {
	lx := &lexer{src: src}
	var toks []token
	for {
		t := lx.next()
		toks = append(toks, t)
		if t.kind == tkEOF {
			return toks
		}
	}
}

func (lx *lexer) next() token {
	lx.skipSpace()
	if lx.pos >= len(lx.src) {
		return token{kind: tkEOF, off: len(lx.src)}
	}
	t := lx.scan()
	lx.last = t.kind
	return t
}

func (lx *lexer) skipSpace() {
	for lx.pos < len(lx.src) {
		r, n := utf8.DecodeRuneInString(lx.src[lx.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		lx.pos += n
	}
}

func (lx *lexer) single(kind tokenKind) token {
	t := token{kind: kind, raw: lx.src[lx.pos : lx.pos+1], off: lx.pos}
	lx.pos++
	return t
}

func (lx *lexer) scan() token {
	switch c := lx.src[lx.pos]; c {
	case '(':
		return lx.single(tkLParen)
	case ')':
		return lx.single(tkRParen)
	case '[':
		return lx.single(tkLBracket)
	case ']':
		return lx.single(tkRBracket)
	case ',':
		return lx.single(tkComma)
	case '*':
		return lx.single(tkWildcard)
	case '\'':
		return lx.scanString()
	case '!', '>', '<', '=', '&', '|':
		return lx.scanOperator()
	case '.':
		if lx.operandExpected() {
			return lx.scanNumber()
		}
		return lx.single(tkDot)
	default:
		if c == '-' || c == '+' || (c >= '0' && c <= '9') {
			return lx.scanNumber()
		}
		return lx.scanKeyword()
	}
}

// operandExpected reports whether the previous token leaves the lexer in
// operand position, where '.' starts a number such as .5.
func (lx *lexer) operandExpected() bool {
	switch lx.last {
	case tkEOF, tkComma, tkLParen, tkLBracket, tkOperator:
		return true
	}
	return false
}

// isBoundary reports whether c ends a keyword or number token.
func isBoundary(c byte) bool {
	switch c {
	case '(', '[', ')', ']', ',', '.', '!', '>', '<', '=', '&', '|':
		return true
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// boundaryAt reports whether a token boundary starts at byte i.
func (lx *lexer) boundaryAt(i int) bool {
	c := lx.src[i]
	if c < utf8.RuneSelf {
		return isBoundary(c)
	}
	r, _ := utf8.DecodeRuneInString(lx.src[i:])
	return unicode.IsSpace(r)
}

func (lx *lexer) scanNumber() token {
	start := lx.pos
	lx.pos++
	for lx.pos < len(lx.src) && (lx.src[lx.pos] == '.' || !lx.boundaryAt(lx.pos)) {
		lx.pos++
	}
	raw := lx.src[start:lx.pos]
	f := parseNumber(raw)
	if math.IsNaN(f) {
		return token{kind: tkUnexpected, raw: raw, off: start}
	}
	return token{kind: tkNumber, raw: raw, off: start, num: f}
}

func (lx *lexer) scanKeyword() token {
	start := lx.pos
	lx.pos++
	for lx.pos < len(lx.src) && !lx.boundaryAt(lx.pos) {
		lx.pos++
	}
	raw := lx.src[start:lx.pos]
	t := token{raw: raw, off: start}
	switch {
	case !isLegalKeyword(raw):
		t.kind = tkUnexpected
	case lx.last == tkDot:
		t.kind = tkPropertyName
	case raw == "null":
		t.kind = tkNull
	case raw == "true" || raw == "false":
		t.kind = tkBool
	case raw == "NaN":
		t.kind, t.num = tkNumber, math.NaN()
	case raw == "Infinity":
		t.kind, t.num = tkNumber, math.Inf(1)
	case lx.nextNonSpaceIs('('):
		t.kind = tkFunction
	default:
		t.kind = tkNamedValue
	}
	return t
}

func (lx *lexer) nextNonSpaceIs(c byte) bool {
	for i := lx.pos; i < len(lx.src); {
		r, n := utf8.DecodeRuneInString(lx.src[i:])
		if !unicode.IsSpace(r) {
			return lx.src[i] == c
		}
		i += n
	}
	return false
}

// isLegalKeyword reports whether s is a name: a letter or '_' followed by
// letters, digits, '_' and '-'.
func isLegalKeyword(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// scanString reads a single-quoted string; a doubled quote is an escaped quote. An
// unterminated string is an unexpected symbol.
func (lx *lexer) scanString() token {
	start := lx.pos
	var buf []byte
	i := start + 1
	for i < len(lx.src) {
		c := lx.src[i]
		i++
		if c == '\'' {
			if i >= len(lx.src) || lx.src[i] != '\'' {
				lx.pos = i
				return token{kind: tkString, raw: lx.src[start:i], off: start, str: string(buf)}
			}
			i++
		}
		buf = append(buf, c)
	}
	lx.pos = len(lx.src)
	return token{kind: tkUnexpected, raw: lx.src[start:], off: start}
}

var twoCharOps = [...]string{"!=", ">=", "<=", "==", "&&", "||"}

func (lx *lexer) scanOperator() token {
	start := lx.pos
	if start+2 <= len(lx.src) {
		two := lx.src[start : start+2]
		for _, op := range twoCharOps {
			if two == op {
				lx.pos += 2
				return token{kind: tkOperator, raw: two, off: start}
			}
		}
	}
	switch lx.src[start] {
	case '!', '>', '<':
		return lx.single(tkOperator)
	}
	lx.pos++
	for lx.pos < len(lx.src) && !lx.boundaryAt(lx.pos) {
		lx.pos++
	}
	return token{kind: tkUnexpected, raw: lx.src[start:lx.pos], off: start}
}
