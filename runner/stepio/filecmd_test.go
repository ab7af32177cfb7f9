package stepio

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseEnvFile(t *testing.T) {
	type kvs = []KV
	tests := []struct {
		what    string
		input   string
		want    kvs
		wantErr string
	}{
		{"empty file", "", nil, ""},
		{"simple", "MY_ENV=MY VALUE\n", kvs{{"MY_ENV", "MY VALUE"}}, ""},
		{"no final newline", "A=1", kvs{{"A", "1"}}, ""},
		{"empty lines skipped", "\nA=my value\n\nB=second\n\n", kvs{{"A", "my value"}, {"B", "second"}}, ""},
		{"empty value", "A=\n", kvs{{"A", ""}}, ""},
		{"split at the first =", "A==abc\nB=def=ghi\nC=jkl=\n", kvs{{"A", "=abc"}, {"B", "def=ghi"}, {"C", "jkl="}}, ""},
		{"nothing trimmed", " NAME = v \n", kvs{{" NAME ", " v "}}, ""},
		{"duplicates kept in order", "A=1\nB=2\nA=3\n", kvs{{"A", "1"}, {"B", "2"}, {"A", "3"}}, ""},
		{"heredoc", "A<<EOF\nline one\nline two\nEOF\n", kvs{{"A", "line one\nline two"}}, ""},
		{"heredoc empty value", "A<<EOF\nEOF\n", kvs{{"A", ""}}, ""},
		{"heredoc of one empty line", "A<<EOF\n\nEOF\n", kvs{{"A", ""}}, ""},
		{"heredoc keeps inner empty lines", "A<<EOF\nhello\n\nthree\n\nEOF\n", kvs{{"A", "hello\n\nthree\n"}}, ""},
		{"heredoc delimiter must match the whole line", "A<<EOF\n EOF\nEOF EOF\nEOF\n", kvs{{"A", " EOF\nEOF EOF"}}, ""},
		{"heredoc value with =", "A<<EOF\nhello=two\nEOF\n", kvs{{"A", "hello=two"}}, ""},
		{"base64 delimiter with =", "A<<khkIhPxsVA==\nx\nkhkIhPxsVA==\n", kvs{{"A", "x"}}, ""},
		{"delimiter containing <<", "A<<<<//++==\nx\n<<//++==\n", kvs{{"A", "x"}}, ""},
		{"@actions/core form", "out<<ghadelimiter_1f0e\na\nb\nghadelimiter_1f0e\n", kvs{{"out", "a\nb"}}, ""},
		{"final delimiter without newline", "A<<EOF\nx\nEOF", kvs{{"A", "x"}}, ""},
		{"heredoc then simple", "A<<EOF\nx\nEOF\nB=2\n", kvs{{"A", "x"}, {"B", "2"}}, ""},
		{"CRLF keeps the CR on Linux", "A=1\r\nB=2\r\n", kvs{{"A", "1\r"}, {"B", "2\r"}}, ""},
		{"heredoc with CRLF", "A<<EOF\r\nline1\r\nline2\r\nEOF\r\n", kvs{{"A", "line1\r\nline2\r"}}, ""},
		{"CRLF opener, LF delimiter", "A<<EOF\r\nx\nEOF\n", nil, "Invalid value. Matching delimiter not found 'EOF\r'"},
		{"missing delimiter", "A<<EOF\nx\n", nil, "Invalid value. Matching delimiter not found 'EOF'"},
		{"missing delimiter on one line", "A<<EOF line one EOF", nil, "Invalid value. Matching delimiter not found 'EOF line one EOF'"},
		{"EOF marker missing new line", "A<<EOF\nx\ny EOF", nil, "Invalid value. EOF marker missing new line."},
		{"heredoc without name", "<<EOF\nx\nEOF\n", nil, "Invalid format '<<EOF'. Name must not be empty and delimiter must not be empty"},
		{"heredoc without delimiter", "A<<\nx\n", nil, "Invalid format 'A<<'. Name must not be empty and delimiter must not be empty"},
		{"neither form", "garbage\n", nil, "Invalid format 'garbage'"},
		{"= before << is invalid", "A=x<<y\n", nil, "Invalid format 'A=x<<y'"},
		{"injected = before heredoc", "PREFIX_Issue `=` x<<khkIhPxsVA==\ndata=1\nkhkIhPxsVA==\n", nil,
			"Invalid format 'PREFIX_Issue `=` x<<khkIhPxsVA=='"},
		{"empty name accepted like the runner", "=value\n", kvs{{"", "value"}}, ""},
		{"pairs before an error are returned", "A=1\nbad\nB=2\n", kvs{{"A", "1"}}, "Invalid format 'bad'"},
		{"UTF-8 BOM dropped", "\ufeffA=1\n", kvs{{"A", "1"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			got, err := ParseEnvFile(strings.NewReader(tt.input))
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
				var fe *FileCommandError
				if !errors.As(err, &fe) {
					t.Errorf("error %T is not a *FileCommandError", err)
				}
			}
			if gotErr != tt.wantErr {
				t.Errorf("error = %q, want %q", gotErr, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("pairs mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePathFile(t *testing.T) {
	tests := []struct {
		what  string
		input string
		want  []string
	}{
		{"empty", "", nil},
		{"lines in order", "/opt/a/bin\n/opt/b/bin\n", []string{"/opt/a/bin", "/opt/b/bin"}},
		{"CRLF", "/a\r\n/b\r\n", []string{"/a", "/b"}},
		{"lone CR", "/a\r/b", []string{"/a", "/b"}},
		{"empty lines skipped", "\n/a\n\n\n/b\n", []string{"/a", "/b"}},
		{"white space kept", " /a \n", []string{" /a "}},
		{"duplicates kept", "/a\n/a\n", []string{"/a", "/a"}},
		{"UTF-8 BOM dropped", "\ufeff/a\n", []string{"/a"}},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			got, err := ParsePathFile(strings.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBlockedEnvName(t *testing.T) {
	const msg = "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command."
	tests := []struct {
		name        string
		wantMsg     string
		wantBlocked bool
	}{
		{"NODE_OPTIONS", msg, true},
		{"node_options", msg, true},
		{"NODE_OPTIONS_X", "", false},
		{"PATH", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotMsg, gotBlocked := BlockedEnvName(tt.name)
			if diff := cmp.Diff([2]any{tt.wantMsg, tt.wantBlocked}, [2]any{gotMsg, gotBlocked}); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("read failed") }

func TestParseReadError(t *testing.T) {
	if _, err := ParseEnvFile(failingReader{}); err == nil {
		t.Error("ParseEnvFile: no error")
	}
	if _, err := ParsePathFile(failingReader{}); err == nil {
		t.Error("ParsePathFile: no error")
	}
}
