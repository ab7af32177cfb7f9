package stepio

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMasker(t *testing.T) {
	tests := []struct {
		what    string
		secrets []string
		input   string
		want    string
	}{
		{"no secrets", nil, "hello world", "hello world"},
		{"simple", []string{"hunter2"}, "password is hunter2!", "password is ***!"},
		{"every occurrence", []string{"tok"}, "tok and tok", "*** and ***"},
		{"overlapping secrets merge", []string{"abcd", "cdef"}, "xxabcdefyy", "xx***yy"},
		{"secret inside a longer secret", []string{"secret", "mysecret123"}, "a mysecret123 b secret", "a *** b ***"},
		{"adjacent matches merge", []string{"abc"}, "abcabc-abc", "***-***"},
		{"overlapping occurrences of one secret", []string{"aa"}, "xaaay", "x***y"},
		{"multi-line secret: whole and each line", []string{"line-one\nline-two"}, "got line-two here", "got *** here"},
		{"multi-line secret with CRLF", []string{"alpha1\r\nbeta22\r\n"}, "alpha1 beta22", "*** ***"},
		{"lines are trimmed", []string{"  first  \n\tsecond\t"}, "first|second", "***|***"},
		{"value is trimmed", []string{"  padded  "}, "[padded]", "[***]"},
		{"empty ignored", []string{""}, "anything", "anything"},
		{"white space ignored", []string{" \t\n "}, "a \t b", "a \t b"},
		{"no minimum length", []string{"z"}, "pizza", "pi***a"},
		{"base64", []string{"hunter2"}, "Basic aHVudGVyMg==", "Basic ***=="},
		{"base64 at offset 2", []string{"hunter2"}, "Basic dXNlcjpodW50ZXIy", "Basic dXNlcjpo***"},
		{"url-safe base64", []string{"\xfb\xff\xbf"}, "x +/+/ -_-_", "x *** ***"},
		{"URI data escape", []string{"p@ss word!"}, "url=p%40ss%20word%21", "url=***"},
		{"JSON escape", []string{"a\"b\\c\nd"}, `{"k":"a\"b\\c\nd"}`, `{"k":"***"}`},
		{"XML escape", []string{"a<b>&c'"}, "<v>a&lt;b&gt;&amp;c&apos;</v>", "<v>***</v>"},
		{"expression escape", []string{"it's-secret"}, "'it''s-secret'", "'***'"},
		{"command-line escape", []string{`say "hi" now`}, `-e X="say \"hi\" now"`, `-e X="***"`},
		{"trim double quotes", []string{`"quotedsecret"`}, "v=quotedsecret", "v=***"},
		{"short quoted value not trimmed", []string{`"short"`}, "short", "short"},
		{"PowerShell ampersand split", []string{"partone&parttwo"}, "partone& | parttwo", "*** | ***"},
		{"unicode", []string{"pässwörd"}, "x pässwörd y", "x *** y"},
		{"several secrets", []string{"one1", "two2", "three3"}, "one1 two2 three3 four4", "*** *** *** four4"},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			m := NewMasker()
			for _, s := range tt.secrets {
				m.Add(s)
			}
			if diff := cmp.Diff(tt.want, m.Mask(tt.input)); diff != "" {
				t.Errorf("Mask(%q) mismatch (-want +got):\n%s", tt.input, diff)
			}
		})
	}
}

// ::add-mask:: registers the value as given; Add trims it like a job secret.
func TestAddMaskKeepsValue(t *testing.T) {
	m := NewMasker()
	m.addMask(" sp ")
	if got, want := m.Mask("a sp b"), "a***b"; got != want {
		t.Errorf("Mask = %q, want %q", got, want)
	}
}

func TestMaskerZeroValueAndNil(t *testing.T) {
	var m Masker
	m.Add("secret")
	if got := m.Mask("a secret"); got != "a ***" {
		t.Errorf("zero Masker: got %q", got)
	}
	var nilMasker *Masker
	if got := nilMasker.Mask("x"); got != "x" {
		t.Errorf("nil Masker: got %q", got)
	}
}

func TestMaskerConcurrent(t *testing.T) {
	m := NewMasker()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := range 50 {
				m.Add(fmt.Sprintf("secret-%d-%d", i, j))
			}
		}()
		go func() {
			defer wg.Done()
			for range 200 {
				_ = m.Mask("log line with secret-1-1 in it")
			}
		}()
	}
	wg.Wait()
	if got, want := m.Mask("x secret-7-49 y"), "x *** y"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
