package stepio

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// runnerUnescape is the runner's literal chain of String.Replace calls, to
// check that the one-pass Replacers give the same result.
func runnerUnescape(s string, pairs ...string) string {
	for i := 0; i < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{
		"::error file=a.js,line=1::msg", "::debug::%25%0A%0D", "##[warning a=1;b=%3B]x%5D",
		"  ::notice title==x,=y::z", "::", "::set-output name=x::%2525", "x ##[group]y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, ok := ParseCommand(line)
		if ok {
			if _, known := canonicalName(c.Name, ""); !known {
				t.Errorf("unregistered name %q", c.Name)
			}
		} else if c.Name != "" || c.Value != "" || c.Props != nil {
			t.Errorf("not ok but non-zero %+v", c)
		}
		if got, want := dataUnescaper.Replace(line), runnerUnescape(line, "%0D", "\r", "%0A", "\n", "%25", "%"); got != want {
			t.Errorf("data unescape %q: got %q, runner %q", line, got, want)
		}
		if got, want := propUnescaper.Replace(line),
			runnerUnescape(line, "%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%"); got != want {
			t.Errorf("property unescape %q: got %q, runner %q", line, got, want)
		}
		if got, want := legacyUnescaper.Replace(line),
			runnerUnescape(line, "%3B", ";", "%0D", "\r", "%0A", "\n", "%5D", "]", "%25", "%"); got != want {
			t.Errorf("legacy unescape %q: got %q, runner %q", line, got, want)
		}
	})
}

func FuzzParseEnvFile(f *testing.F) {
	for _, s := range []string{
		"A=1\n", "A<<EOF\nx\nEOF\n", "A<<EOF\r\nx\r\nEOF\r\n", "A<<EOF\nx", "=x\n", "A=b<<c\n", "\n\n", "<<\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		kvs, err := ParseEnvFile(strings.NewReader(input))
		if err != nil {
			return
		}
		// Round trip: writing the pairs back in heredoc form, as @actions/core
		// does, must give them back.
		var b strings.Builder
		for i, kv := range kvs {
			if kv.Key == "" || strings.HasSuffix(kv.Key, "<") {
				// The runner accepts "=v" and "a<=v", but such names cannot be
				// written back as a heredoc: "a<<<D" splits as "a" and "<D".
				return
			}
			delim := fmt.Sprintf("ghadelimiter_%d", i)
			for strings.Contains(kv.Value, delim) {
				delim += "_"
			}
			fmt.Fprintf(&b, "%s<<%s\n%s\n%s\n", kv.Key, delim, kv.Value, delim)
		}
		again, err := ParseEnvFile(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("re-parse of %q: %v", b.String(), err)
		}
		if diff := cmp.Diff(kvs, again); diff != "" {
			t.Errorf("round trip mismatch (-first +again):\n%s", diff)
		}
	})
}

// FuzzProcessor checks that output does not depend on how it is chunked:
// one Write of everything and one Write per byte give the same lines.
func FuzzProcessor(f *testing.F) {
	for _, s := range []string{
		"::add-mask::s3cr3t\nthe s3cr3t\r\n", "::stop-commands::tok123\n::error::x\n::tok123::\n",
		"a\rb\r\nc", "::echo::on\n::set-output name=a::b\n::group::g\n", "##[error]e\n::debug::d\n",
	} {
		f.Add(s, "s3cr3t")
	}
	f.Fuzz(func(t *testing.T, input, secret string) {
		run := func(chunk int) []Line {
			m := NewMasker()
			m.Add(secret)
			var c collector
			p := NewProcessorWithOptions(m, &c, Options{Debug: len(input)%2 == 0})
			b := []byte(input)
			for len(b) > 0 {
				n := min(chunk, len(b))
				p.Write(b[:n])
				b = b[n:]
			}
			p.Flush()
			return c.lines
		}
		whole, bytewise := run(len(input)+1), run(1)
		if diff := cmp.Diff(whole, bytewise); diff != "" {
			t.Errorf("chunking changed the lines (-whole +bytewise):\n%s", diff)
		}
		if s := strings.TrimSpace(secret); s != "" && !strings.Contains(s, "*") {
			for _, l := range whole {
				if l.Kind == Output && strings.Contains(l.Text, s) {
					t.Errorf("secret %q visible in %q", s, l.Text)
				}
			}
		}
	})
}
