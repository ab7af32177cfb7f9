package expr

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Error is a syntax or evaluation error in one expression.
type Error struct {
	Expr   string // the expression text (or template text for template errors)
	Offset int    // 0-based byte offset into Expr where the problem is
	Msg    string

	cause error // underlying error, if any (see Unwrap)
}

// Error formats the error as `expression "<expr>": col <n>: <msg>`. An
// expression longer than 120 bytes is shown as an excerpt around the
// offset ("..." marks the cuts); col still counts from its start.
func (e *Error) Error() string {
	return fmt.Sprintf("expression %q: col %d: %s", excerpt(e.Expr, e.Offset), e.Offset+1, e.Msg)
}

const excerptRadius = 60

// excerpt returns s, or for a long s the part within excerptRadius bytes
// of off, cut at rune boundaries.
func excerpt(s string, off int) string {
	if len(s) <= 2*excerptRadius {
		return s
	}
	start, end := off-excerptRadius, off+excerptRadius
	prefix, suffix := "...", "..."
	if start <= 0 {
		start, prefix = 0, ""
	}
	if end >= len(s) {
		end, suffix = len(s), ""
	}
	for start > 0 && !utf8.RuneStart(s[start]) {
		start--
	}
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	return prefix + s[start:end] + suffix
}

// Unwrap returns the underlying cause (for example an I/O error from
// hashFiles or a JSON syntax error from fromJSON), or nil.
func (e *Error) Unwrap() error { return e.cause }

// errorf builds an *Error at offset off of src.
func errorf(src string, off int, format string, args ...any) *Error {
	return &Error{Expr: src, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// evalError is returned by runtime functions; the VM attaches the location
// of the failing call, which Program.wrapError turns into an *Error.
type evalError struct {
	msg   string
	cause error
}

func (e *evalError) Error() string { return e.msg }

func (e *evalError) Unwrap() error { return e.cause }

func newEvalError(format string, args ...any) error {
	return &evalError{msg: fmt.Sprintf(format, args...)}
}

func wrapEvalError(cause error, format string, args ...any) error {
	return &evalError{msg: fmt.Sprintf(format, args...) + ": " + cause.Error(), cause: cause}
}

// rebase returns a copy of err with the expression replaced by text and the
// offset shifted by delta. Used to report expression errors relative to the
// template (or condition) they were embedded in.
func rebase(err error, text string, delta int) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	return &Error{Expr: text, Offset: e.Offset + delta, Msg: e.Msg, cause: e.cause}
}
