package stepio

import (
	"strings"
	"unicode"
)

// Command is one workflow command found in a line of step output.
type Command struct {
	// Name is the canonical (lower-case) command name, e.g. "error" or
	// "set-output"; while commands are stopped it may also be the stop token.
	Name string
	// Props holds the properties (file, line, col, endLine, endColumn, title,
	// name, owner, ...), unescaped. Known keys are stored in their canonical
	// spelling, because the runner looks them up case-insensitively.
	Props map[string]string
	// Value is the command's data (the message), unescaped.
	Value string
}

// commandNames are the commands the runner registers (ActionCommandManager:
// every IActionCommandExtension plus stop-commands). internal-set-repo-path is
// only registered for runner plugins, so step output cannot use it.
var commandNames = [...]string{
	"add-mask", "add-matcher", "add-path", "debug", "echo", "endgroup", "error",
	"group", "notice", "remove-matcher", "save-state", "set-env", "set-output",
	"stop-commands", "warning",
}

// propNames are the property keys consumers read, in canonical spelling.
var propNames = [...]string{"file", "line", "endLine", "col", "endColumn", "title", "name", "owner"}

// The runner unescapes with a chain of String.Replace calls (ActionCommand.cs).
// A one-pass Replacer gives the same result: every token starts with '%' and
// is three bytes long, so matches never overlap, and no replacement produces
// a '%' that a later step of the chain could consume (FuzzParseCommand checks).
var (
	dataUnescaper = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%")
	propUnescaper = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	// The legacy ##[ form has one table for both data and properties.
	legacyUnescaper = strings.NewReplacer("%3B", ";", "%0D", "\r", "%0A", "\n", "%5D", "]", "%25", "%")
)

// ParseCommand parses one line of step output as a workflow command, as
// ActionCommand.TryParseV2 does (`::name k=v,k2=v2::message`, after leading
// white space), falling back to TryParse: the legacy `##[name k=v;k2=v2]message`
// form, which the runner still accepts anywhere in the line. Only registered
// command names are recognised, case-insensitively.
func ParseCommand(line string) (Command, bool) {
	return parseCommand(line, "")
}

// parseCommand also accepts token as a command name: while commands are
// stopped the runner registers the stop token as one.
func parseCommand(line, token string) (Command, bool) {
	if c, ok := parseV2(line, token); ok {
		return c, true
	}
	return parseLegacy(line, token)
}

func parseV2(line, token string) (Command, bool) {
	msg := strings.TrimLeftFunc(line, unicode.IsSpace)
	if !strings.HasPrefix(msg, "::") {
		return Command{}, false
	}
	end := strings.Index(msg[2:], "::")
	if end < 0 {
		return Command{}, false
	}
	info := msg[2 : 2+end]
	name, props, hasProps := strings.Cut(info, " ")
	canon, ok := canonicalName(name, token)
	if !ok {
		return Command{}, false
	}
	c := Command{Name: canon, Value: dataUnescaper.Replace(msg[2+end+2:])}
	if hasProps {
		c.Props = parseProps(strings.TrimSpace(props), ",", propUnescaper)
	}
	return c, true
}

func parseLegacy(line, token string) (Command, bool) {
	start := strings.Index(line, "##[")
	if start < 0 {
		return Command{}, false
	}
	rb := strings.IndexByte(line[start:], ']')
	if rb < 0 {
		return Command{}, false
	}
	rb += start
	name, props, hasProps := strings.Cut(line[start+3:rb], " ")
	canon, ok := canonicalName(name, token)
	if !ok {
		return Command{}, false
	}
	c := Command{Name: canon, Value: legacyUnescaper.Replace(line[rb+1:])}
	if hasProps {
		// Unlike the :: form, the runner does not trim legacy properties.
		c.Props = parseProps(props, ";", legacyUnescaper)
	}
	return c, true
}

// parseProps mirrors the runner's
// Split(sep, RemoveEmptyEntries) then Split('=', 2, RemoveEmptyEntries) on
// .NET 5+: empty pieces are dropped, so "=k=v" gives k=v, "k==v" gives k=v,
// and a pair without a non-empty value is ignored.
func parseProps(s, sep string, unescape *strings.Replacer) map[string]string {
	var props map[string]string
	for _, part := range strings.Split(s, sep) {
		key, val, found := strings.Cut(strings.TrimLeft(part, "="), "=")
		val = strings.TrimLeft(val, "=")
		if !found || key == "" || val == "" {
			continue
		}
		if props == nil {
			props = make(map[string]string)
		}
		setProp(props, key, unescape.Replace(val))
	}
	return props
}

// setProp imitates the runner's case-insensitive property dictionary: a key
// already present under another case keeps its first spelling, last value wins.
func setProp(props map[string]string, key, val string) {
	for _, known := range propNames {
		if foldEqual(known, key) {
			props[known] = val
			return
		}
	}
	for k := range props {
		if foldEqual(k, key) {
			props[k] = val
			return
		}
	}
	props[key] = val
}

func canonicalName(name, token string) (string, bool) {
	for _, n := range commandNames {
		if foldEqual(n, name) {
			return n, true
		}
	}
	if token != "" && foldEqual(token, name) {
		return token, true
	}
	return "", false
}

// foldEqual is an ASCII-only case-insensitive comparison. It is closer to
// .NET's OrdinalIgnoreCase than strings.EqualFold, which also folds symbols
// such as the Kelvin sign onto 'k'.
func foldEqual(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}
