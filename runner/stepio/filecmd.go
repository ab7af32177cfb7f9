package stepio

import (
	"bytes"
	"io"
	"strings"
)

// KV is one NAME/value pair from a GITHUB_ENV, GITHUB_OUTPUT or GITHUB_STATE file.
type KV struct{ Key, Value string }

// FileCommandError is a malformed file command; Error() is the runner's
// message, which the runner reports after "Unable to process file command
// '<env|output|state>' successfully." and which fails the step.
type FileCommandError struct{ Msg string }

func (e *FileCommandError) Error() string { return e.Msg }

// ParseEnvFile parses GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE content as
// the runner's EnvFileKeyValuePairs does (FileCommandManager.cs, after
// actions/runner#2627):
//
//   - Lines end at "\n" only. The Linux runner does not treat "\r\n" specially
//     (that code is #if OS_WINDOWS), so a "\r" stays part of the line: in a
//     CRLF file a NAME=value keeps a trailing "\r", and a heredoc delimiter
//     "EOF\r" must be closed by a line "EOF\r".
//   - Empty lines are skipped; names and values are not trimmed.
//   - The earlier of "<<" and "=" picks the form. NAME<<DELIM takes the lines
//     up to one exactly equal to DELIM, without the last newline. NAME=value
//     splits at the first "=", and is only allowed when the line has no "<<"
//     at all: "NAME=a<<b" is an error ("Invalid format").
//   - "=value" gives an empty name: the runner's empty-name check tests the
//     line instead of the name, so it never fires. Callers see Key "".
//
// Every pair is returned in file order, duplicates included; applying them in
// order (later wins) is what the runner does. The runner applies pairs as it
// reads them, so on error the pairs before the bad line are returned with it.
// A leading UTF-8 byte order mark is dropped, as File.ReadAllText does.
func ParseEnvFile(r io.Reader) ([]KV, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	var out []KV
	for i := 0; i < len(text); {
		line, _ := readLine(text, &i)
		if line == "" {
			continue
		}
		eq, hd := strings.Index(line, "="), strings.Index(line, "<<")
		switch {
		case hd >= 0 && (eq < 0 || hd < eq):
			kv, err := readHeredoc(text, &i, line, hd)
			if err != nil {
				return out, err
			}
			out = append(out, kv)
		case eq >= 0 && hd < 0:
			out = append(out, KV{line[:eq], line[eq+1:]})
		default:
			return out, &FileCommandError{"Invalid format '" + line + "'"}
		}
	}
	return out, nil
}

// readHeredoc reads the value of the heredoc that starts at line.
func readHeredoc(text string, i *int, line string, hd int) (KV, error) {
	name, delim := line[:hd], line[hd+2:]
	if name == "" || delim == "" {
		return KV{}, &FileCommandError{"Invalid format '" + line +
			"'. Name must not be empty and delimiter must not be empty"}
	}
	start, end := *i, *i
	for {
		if *i >= len(text) {
			return KV{}, &FileCommandError{"Invalid value. Matching delimiter not found '" + delim + "'"}
		}
		l, hasNewline := readLine(text, i)
		if l == delim {
			break
		}
		if !hasNewline {
			// The last line of the file is neither the delimiter nor ended:
			// typically "EOF" written without its own line.
			return KV{}, &FileCommandError{"Invalid value. EOF marker missing new line."}
		}
		end = *i - 1
	}
	return KV{name, text[start:max(start, end)]}, nil
}

// readLine returns the line at *i and moves *i past it and its "\n".
func readLine(text string, i *int) (line string, hasNewline bool) {
	rest := text[*i:]
	n := strings.IndexByte(rest, '\n')
	if n < 0 {
		*i = len(text)
		return rest, false
	}
	*i += n + 1
	return rest[:n], true
}

// ParsePathFile parses GITHUB_PATH as AddPathFileCommand does with
// File.ReadAllLines: lines end at "\n", "\r\n" or a lone "\r"; empty lines
// are skipped; nothing is trimmed. Entries come in file order. The runner
// prepends each entry to the job's path list after removing an equal
// earlier entry, so the last line written comes first in PATH.
func ParsePathFile(r io.Reader) ([]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var out []string
	for len(data) > 0 {
		line, n := nextLine(data, true)
		if len(line) > 0 {
			out = append(out, string(line))
		}
		data = data[n:]
	}
	return out, nil
}

// BlockedEnvName reports whether the runner refuses name in GITHUB_ENV
// (SetEnvFileCommand's block list, compared case-insensitively), with the
// error the runner adds. A blocked pair is skipped; the error annotation does
// not by itself fail the step.
func BlockedEnvName(name string) (message string, blocked bool) {
	if foldEqual(name, "NODE_OPTIONS") {
		return "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.", true
	}
	return "", false
}
