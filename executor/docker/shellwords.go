package docker

import (
	"fmt"
	"strings"
)

// splitArgs splits a command line the way a POSIX shell would for words:
// blanks separate, '…' is literal, "…" honours \" \\ \$ \`, and a backslash
// outside quotes escapes the next character. No expansion happens.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				args, inWord = append(args, cur.String()), false
				cur.Reset()
			}
			continue
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unterminated ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
		case c == '"':
			n, err := readDoubleQuoted(s[i+1:], &cur)
			if err != nil {
				return nil, fmt.Errorf("%w in %q", err, s)
			}
			i += n
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		default:
			cur.WriteByte(c)
		}
		inWord = true
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

// readDoubleQuoted copies the body of a "…" word into cur and returns how
// many bytes of s it consumed, including the closing quote.
func readDoubleQuoted(s string, cur *strings.Builder) (int, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i + 1, nil
		case c == '\\' && i+1 < len(s) && strings.IndexByte(`"\$`+"`", s[i+1]) >= 0:
			i++
			cur.WriteByte(s[i])
		default:
			cur.WriteByte(c)
		}
	}
	return 0, fmt.Errorf(`unterminated "`)
}
