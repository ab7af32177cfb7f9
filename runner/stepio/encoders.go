package stepio

import (
	"encoding/base64"
	"strings"
	"unicode/utf16"

	"github.com/gantry-ci/gantry/expr"
)

// variations returns the encodings of a secret the runner also masks: the
// value encoders HostContext registers (src/Sdk/DTLogging/Logging/ValueEncoders.cs):
// EnumerateBase64Variations, CommandLineArgumentEscape, ExpressionStringEscape,
// JsonStringEscape, UriDataEscape, XmlDataEscape, TrimDoubleQuotes and the two
// PowerShell ampersand encoders. Empty results are dropped by the caller.
func variations(v string) []string {
	out := base64Variations(v)
	return append(out,
		strings.ReplaceAll(v, `"`, `\"`), // command-line argument
		strings.ReplaceAll(v, "'", "''"), // expression string literal
		jsonEscape(v),
		uriDataEscape(v),
		xmlEscape(v),
		trimDoubleQuotes(v),
		powerShellPreAmpersand(v),
		powerShellPostAmpersand(v),
	)
}

// base64Variations: a secret embedded in a longer base64 payload (for example
// base64("user:" + password)) is encoded differently depending on its byte
// offset modulo 3, so the runner masks the encodings of the value with 0, 1
// and 2 leading bytes dropped, without '=' padding, in both the standard and
// the URL-safe alphabets.
func base64Variations(v string) []string {
	var out []string
	raw := []byte(v)
	for off := 0; off <= 2 && off < len(raw); off++ {
		enc := strings.TrimRight(base64.StdEncoding.EncodeToString(raw[off:]), "=")
		out = append(out, enc, strings.NewReplacer("+", "-", "/", "_").Replace(enc))
	}
	return out
}

// jsonEscape is Newtonsoft's JsonConvert.ToString without the quotes: the
// escaping the expression engine's toJSON already does.
func jsonEscape(v string) string {
	q := expr.QuoteJSON(v)
	return q[1 : len(q)-1]
}

// uriDataEscape is .NET's Uri.EscapeDataString: RFC 3986 unreserved
// characters stay, every other byte of the UTF-8 encoding becomes %XX.
func uriDataEscape(v string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// xmlEscape is .NET's SecurityElement.Escape.
func xmlEscape(v string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;", "&", "&amp;").Replace(v)
}

func trimDoubleQuotes(v string) string {
	if utf16Len(v) > 8 && strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`) {
		return v[1 : len(v)-1]
	}
	return ""
}

// powerShellPreAmpersand: when PowerShell reports an error about a command
// containing the secret, it may split it at '&' and colour one letter; the
// runner masks the part up to the split, if at least 6 characters long.
func powerShellPreAmpersand(v string) string {
	var section string
	if i := strings.Index(v, "&+"); i >= 0 {
		section = v[:i+2]
	} else if i := strings.LastIndex(v, "&"); i >= 0 {
		section = v[:i+1]
	}
	if utf16Len(section) >= 6 {
		return section
	}
	return ""
}

// powerShellPostAmpersand is the part after the split; after "&+" the first
// character is skipped because PowerShell colours it.
func powerShellPostAmpersand(v string) string {
	var section string
	if i := strings.Index(v, "&+"); i >= 0 {
		section = skipRune(v[i+2:])
	} else if i := strings.LastIndex(v, "&"); i >= 0 {
		section = v[i+1:]
	}
	if utf16Len(section) >= 6 {
		return section
	}
	return ""
}

func skipRune(s string) string {
	for i := range s {
		if i > 0 {
			return s[i:]
		}
	}
	return ""
}

// utf16Len is .NET's String.Length, which the runner's length limits use.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
