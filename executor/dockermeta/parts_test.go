package dockermeta

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseList(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"a\nb", []string{"a", "b"}},
		{"# c\na,b # not a comment\n\n  c  ", []string{"a,b # not a comment", "c"}},
		{`type=raw,"value=a,b"`, []string{"type=raw,value=a,b"}},
		{"\"multi\nline\",x", []string{"multi\nline,x"}},
		{`a"b,c`, []string{`a"b,c`}},
		{`"a"b`, []string{`"a"b`}},
		{"a\r\nb\r\n", []string{"a", "b"}},
		{"", nil},
	}
	for _, c := range cases {
		got, err := parseList(c.in)
		if err != nil {
			t.Errorf("parseList(%q): %v", c.in, err)
			continue
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("parseList(%q) (-want +got):\n%s", c.in, d)
		}
	}
	if _, err := parseList(`"open`); err == nil {
		t.Error("no error for an unclosed quote")
	}
	if _, err := parseFields(`a,b"c`); err == nil {
		t.Error("no error for a quote inside a strict field")
	}
	if got, _ := parseFields(`"a,b",c`); !cmp.Equal(got, []string{"a,b", "c"}) {
		t.Errorf("parseFields = %q", got)
	}
}

func TestRenderTemplate(t *testing.T) {
	scope := hbsScope{"name": "a&b", "fn": fixed("F"), "n": "0"}
	cases := map[string]string{
		"x{{name}}y":           "xa&amp;by",
		"{{{name}}}":           "a&b",
		"{{&name}}":            "a&b",
		"{{ fn }}-{{missing}}": "F-",
		"a {{~name~}} b":       "aa&amp;bb",
		`\{{name}}`:            "{{name}}",
		`\\{{name}}`:           `\a&amp;b`,
		"{{!-- c }} --}}z":     "z",
		"{{this.n}}":           "0",
		"}} {":                 "}} {",
	}
	for in, want := range cases {
		got, err := renderTemplate(in, scope)
		if err != nil || got != want {
			t.Errorf("render(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"{{", "{{name", "{{#each x}}{{/each}}", "{{> p}}", "{{fn (x)}}", "{{name 'a'}}", "{{'a}}"} {
		if got, err := renderTemplate(bad, scope); err == nil {
			t.Errorf("render(%q) = %q, want an error", bad, got)
		}
	}
	for p, want := range map[string]bool{"{{raw}}": true, "{{ raw }}": true, "{{{raw}}}": true, " {{raw}}": false, `{{"raw"}}`: false, "{{./raw}}": true, "{{raw}}.x": false, "{{version}}": false} {
		if got := isRawStatement(p); got != want {
			t.Errorf("isRawStatement(%q) = %v", p, got)
		}
	}
}

func TestMomentFormat(t *testing.T) {
	at := time.Date(2020, 1, 10, 15, 25, 50, 7_000_000, time.UTC)
	cases := []struct{ tz, format, want string }{
		{"UTC", "YYYYMMDD", "20200110"},
		{"UTC", "YY-M-D H:m:s", "20-1-10 15:25:50"},
		{"UTC", "dddd, MMMM Do YYYY, h:mm:ss a", "Friday, January 10th 2020, 3:25:50 pm"},
		{"Asia/Tokyo", "YYYYMMDD-HHmmss", "20200111-002550"},
		{"UTC", "YYYY-MM-DDTHH:mm:ss.SSS[Z]", "2020-01-10T15:25:50.007Z"},
		{"UTC", "", "2020-01-10T15:25:50Z"},
		{"Asia/Tokyo", "", "2020-01-11T00:25:50+09:00"},
		{"Nowhere/City", "", "2020-01-10T15:25:50+00:00"},
		{"UTC", `[at] \H ddd MMM Qo DDD w W E`, "at H Fri Jan 1st 10 2 2 5"},
		{"America/New_York", "Z ZZ z hh A", "-05:00 -0500 EST 10 AM"},
		{"UTC", "x X S SS", "1578669950007 1578669950 0 00"},
	}
	for _, c := range cases {
		mt, _ := inZone(at, c.tz)
		if got := mt.format(c.format); got != c.want {
			t.Errorf("format(%q, %s) = %q, want %q", c.format, c.tz, got, c.want)
		}
	}
	// Week numbers at year boundaries: 2021-01-01 is a Friday.
	for d, want := range map[int][2]int{1: {53, 1}, 3: {53, 2}, 4: {1, 2}} {
		day := time.Date(2021, 1, d, 12, 0, 0, 0, time.UTC)
		iso, _ := weekOfYear(day, 1, 4)
		loc, _ := weekOfYear(day, 0, 6)
		if iso != want[0] || loc != want[1] {
			t.Errorf("2021-01-%02d: ISO week %d, locale week %d; want %v", d, iso, loc, want)
		}
	}
}

func TestSemver(t *testing.T) {
	valid := map[string]string{
		"1.2.3": "1.2.3", "v1.2.3": "1.2.3", "1.2.3-rc.1": "1.2.3-rc.1", "v2.0.8-beta.67+build.5": "2.0.8-beta.67",
		"0.0.0": "0.0.0", " v1.0.0 ": "1.0.0", "1.2.3-0a": "1.2.3-0a",
	}
	for in, want := range valid {
		v, ok := parseSemver(in)
		if !ok || v.version() != want {
			t.Errorf("parseSemver(%q) = %v, %v; want %s", in, v, ok, want)
		}
	}
	for _, in := range []string{"1.2", "01.2.3", "V1.2.3", "=1.2.3", "1.2.3-01", "1.2.3.4", "1.2.3-", "99999999999999999.0.0", "release"} {
		if _, ok := parseSemver(in); ok {
			t.Errorf("parseSemver(%q) accepted", in)
		}
	}
}

func TestPEP440(t *testing.T) {
	cases := map[string]struct {
		clean       string
		pre         bool
		major, more string
	}{
		"1.2.3":            {"1.2.3", false, "1", "2.3"},
		"v1.2.3":           {"1.2.3", false, "1", "2.3"},
		"1.2.3rc2":         {"1.2.3rc2", true, "1", "2.3"},
		"1.2.3beta2":       {"1.2.3b2", true, "1", "2.3"},
		"1.2.3post1":       {"1.2.3.post1", true, "1", "2.3"},
		"1.0dev4":          {"1.0.dev4", true, "1", "0.0"},
		"1.0-1":            {"1.0.post1", true, "1", "0.0"},
		"2!1.0.PREVIEW":    {"2!1.0rc0", true, "1", "0.0"},
		"1.0+Ubuntu.01":    {"1.0+ubuntu,1", false, "1", "0.0"},
		"007.010":          {"7.10", false, "7", "10.0"},
		"1.0a1.post2.dev3": {"1.0a1.post2.dev3", true, "1", "0.0"},
	}
	for in, c := range cases {
		v, ok := parsePEP440(in)
		if !ok {
			t.Errorf("parsePEP440(%q) rejected", in)
			continue
		}
		if got := v.clean(); got != c.clean || v.isPreOrPostOrDev() != c.pre {
			t.Errorf("parsePEP440(%q): clean %q pre %v; want %q %v", in, got, v.isPreOrPostOrDev(), c.clean, c.pre)
		}
		if got := v.releasePart(0) + " " + v.releasePart(1) + "." + v.releasePart(2); got != c.major+" "+c.more {
			t.Errorf("parsePEP440(%q): release parts %q", in, got)
		}
	}
	for _, in := range []string{"1.2.3-rc.1.x", "latest", " 1.0", "1.0+", "1..0"} {
		if _, ok := parsePEP440(in); ok {
			t.Errorf("parsePEP440(%q) accepted", in)
		}
	}
}

func TestLocaleCompare(t *testing.T) {
	// Both lists are in the order Node 22 (ICU 78) sorts them with localeCompare.
	lists := [][]string{
		{"_a", "-a", ",a", ";a", ":a", "!a", "?a", ".a", "'a", "\"a", "(a", ")a", "[a", "]a", "{a", "}a", "@a", "*a", "/a", "\\a",
			"&a", "#a", "%a", "`a", "^a", "+a", "<a", "=a", ">a", "|a", "~a", "$a", "0", "9", "a", "A", "ä", "a\tb", "a b", "ab", "aB",
			"Ab", "AB", "b", "é", "ea", "org_foo", "org.opencontainers.image.title", "z", "Z"},
		{"a", "A", "á", "Á", "à", "À", "â", "Â", "å", "Å", "ä", "Ä", "ã", "Ã", "ae", "æ", "Æ", "c", "ç", "Ç", "d", "ð", "Ð", "e", "é",
			"É", "è", "È", "ê", "Ê", "ë", "Ë", "ea", "í", "Í", "ì", "Ì", "î", "Î", "ï", "Ï", "n", "ñ", "Ñ", "o", "ó", "Ó", "ò", "Ò", "ô",
			"Ô", "ö", "Ö", "õ", "Õ", "ø", "Ø", "s", "ss", "ß", "th", "u", "ú", "Ú", "ù", "Ù", "û", "Û", "ü", "Ü", "y", "ý", "Ý", "ÿ", "z",
			"þ", "Þ"},
	}
	for _, ordered := range lists {
		for i := 0; i+1 < len(ordered); i++ {
			if localeCompare(ordered[i], ordered[i+1]) >= 0 || localeCompare(ordered[i+1], ordered[i]) <= 0 {
				t.Errorf("%q should sort before %q", ordered[i], ordered[i+1])
			}
		}
	}
	if localeCompare("same", "same") != 0 {
		t.Error("equal strings do not compare equal")
	}
}

func TestJSNumbers(t *testing.T) {
	for in, want := range map[string]float64{"12": 12, " 7 ": 7, "": 0, "0x1F": 31, "1e3": 1000, "-2.5": -2.5, ".5": 0.5, "Infinity": math.Inf(1)} {
		if got, ok := jsNumber(in); !ok || got != want {
			t.Errorf("jsNumber(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"seven", "1_000", "0x", "1e", "--1", "0b2"} {
		if _, ok := jsNumber(in); ok {
			t.Errorf("jsNumber(%q) is not NaN", in)
		}
	}
	for f, want := range map[float64]string{1: "1", 1e21: "1e+21", 123456789012345678901234: "1.2345678901234569e+23", 1e20: "100000000000000000000",
		0.5: "0.5", 1e-7: "1e-7", 0.000001: "0.000001", -3: "-3", 1.5e300: "1.5e+300"} {
		if got := jsNumberString(f); got != want {
			t.Errorf("jsNumberString(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestJSONStrings(t *testing.T) {
	got := jsonStringify(jsonObject{{"k\"", []string{"a\x01\tb", "<&>\u2028é", "bad\xffbyte"}}}, "")
	want := `{"k\"":["a\u0001\tb","<&>` + "\u2028" + `é","bad` + "\ufffd" + `byte"]}`
	if got != want {
		t.Errorf("jsonStringify = %s, want %s", got, want)
	}
	if got := labelObject([]string{"b=1", "10=x", "2=y", "a=multi\nline", "__proto__=gone", "4294967295=not-index"}); !cmp.Equal(got,
		jsonObject{{"2", "y"}, {"10", "x"}, {"b", "1"}, {"a", "multi"}, {"4294967295", "not-index"}}, cmp.AllowUnexported(jsonField{})) {
		t.Errorf("labelObject = %v", got)
	}
}
