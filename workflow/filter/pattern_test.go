package filter

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// matchCase is one pattern against one value.
type matchCase struct {
	what    string
	pattern string
	value   string
	want    bool
}

// expand turns "pattern matches these, not those" rows into matchCases.
func expand(what, pattern string, yes, no []string) []matchCase {
	var cs []matchCase
	for _, v := range yes {
		cs = append(cs, matchCase{what, pattern, v, true})
	}
	for _, v := range no {
		cs = append(cs, matchCase{what, pattern, v, false})
	}
	return cs
}

// cheatSheetRefs holds every row of "Patterns to match branches and tags"
// in GitHub's filter pattern cheat sheet: its example matches, plus values
// the row's description rules out.
func cheatSheetRefs() []matchCase {
	var cs []matchCase
	add := func(what, pattern string, yes, no []string) { cs = append(cs, expand(what, pattern, yes, no)...) }
	add("* does not match /", "feature/*",
		[]string{"feature/my-branch", "feature/your-branch"},
		[]string{"feature/beta-a/my-branch", "feature", "features/x", "main"})
	add("** matches /", "feature/**",
		[]string{"feature/beta-a/my-branch", "feature/your-branch", "feature/mona/the/octocat"},
		[]string{"feature", "features/x", "main"})
	add("exact name", "main", []string{"main"}, []string{"mainline", "Main", "main/x", "x/main"})
	add("exact name with /", "releases/mona-the-octocat",
		[]string{"releases/mona-the-octocat"},
		[]string{"releases/mona-the-octocat2", "releases", "releases/mona"})
	add("'*' is names without /", "*", []string{"main", "releases"}, []string{"releases/10", "feature/a/b"})
	add("'**' is every name", "**", []string{"all/the/branches", "every/tag", "main"}, nil)
	add("leading *", "*feature",
		[]string{"mona-feature", "feature", "ver-10-feature"},
		[]string{"feature-x", "mona/feature", "featur"})
	add("prefix", "v2*", []string{"v2", "v2.0", "v2.9"}, []string{"v1", "v3.0", "v2/x", "xv2"})
	add("semver 1 or 2", "v[12].[0-9]+.[0-9]+",
		[]string{"v1.10.1", "v2.0.0", "v1.0.123"},
		[]string{"v3.0.0", "v1.0", "v1..1", "v1.a.1", "v12.0.0", "v1.0.0-rc1"})
	return cs
}

// cheatSheetPaths holds every single-pattern row of "Patterns to match file
// paths"; the two multi-pattern rows are list cases in list_test.go.
func cheatSheetPaths() []matchCase {
	var cs []matchCase
	add := func(what, pattern string, yes, no []string) { cs = append(cs, expand(what, pattern, yes, no)...) }
	add("* at the root", "*", []string{"README.md", "server.rb", ".gitignore"}, []string{"docs/README.md"})
	add("? is zero or one of the preceding", "*.jsx?",
		[]string{"page.js", "page.jsx"},
		[]string{"page.jsxx", "page.j", "src/page.js"})
	add("** is every path", "**", []string{"all/the/files.md", "a"}, nil)
	add("*.js at the root only", "*.js", []string{"app.js", "index.js"}, []string{"js/index.js", "app.jsx"})
	add("**.js anywhere", "**.js",
		[]string{"index.js", "js/index.js", "src/js/app.js"},
		[]string{"index.jsx", "index.ts"})
	add("docs/* one level", "docs/*",
		[]string{"docs/README.md", "docs/file.txt"},
		[]string{"docs/mona/octocat.txt", "README.md", "docs"})
	add("docs/** any depth", "docs/**",
		[]string{"docs/README.md", "docs/mona/octocat.txt"},
		[]string{"docs", "mydocs/x", "src/docs/x"})
	add("docs/**/*.md", "docs/**/*.md",
		[]string{"docs/README.md", "docs/mona/hello-world.md", "docs/a/markdown/file.md"},
		[]string{"docs/README.txt", "README.md", "src/docs/x.md"})
	add("**/docs/** anywhere", "**/docs/**",
		[]string{"docs/hello.md", "dir/docs/my-file.txt", "space/docs/plan/space.doc"},
		[]string{"mydocs/x", "dir/docs", "docsx/y"})
	add("**/README.md anywhere", "**/README.md",
		[]string{"README.md", "js/README.md", "a/b/c/README.md"},
		[]string{"README.md.bak", "js/NOTREADME.md"})
	add("**/*src/** folder suffix", "**/*src/**",
		[]string{"a/src/app.js", "my-src/code/js/app.js", "src/x"},
		[]string{"a/srcs/app.js", "a/src", "src"})
	add("**/*-post.md", "**/*-post.md",
		[]string{"my-post.md", "path/their-post.md"},
		[]string{"my-post.mdx", "post.md"})
	add("**/migrate-*.sql", "**/migrate-*.sql",
		[]string{"migrate-10909.sql", "db/migrate-v1.0.sql", "db/sept/migrate-v1.sql"},
		[]string{"remigrate-1.sql", "db/migrate-/x.sql", "migrate-1.sql.gz"})
	return cs
}

// syntaxCases cover the cheat sheet's special-character list and the
// decisions documented in doc.go.
func syntaxCases() []matchCase {
	var cs []matchCase
	add := func(what, pattern string, yes, no []string) { cs = append(cs, expand(what, pattern, yes, no)...) }
	add("Octo* example", "Octo*", []string{"Octocat", "Octo"}, []string{"Octo/cat"})
	add("[CB]at example", "[CB]at", []string{"Cat", "Bat"}, []string{"Hat", "at", "CBat"})
	add("[1-2]00 example", "[1-2]00", []string{"100", "200"}, []string{"300", "00"})
	add("[0-9a-z] example", "[0-9a-z]", []string{"0", "q"}, []string{"Q", "-", ""})
	add("+ repeats one or more", "ab+c", []string{"abc", "abbbc"}, []string{"ac", "ab+c"})
	add("+ unescaped in a name", "release+1", []string{"release1", "releasee1"}, []string{"release+1"})
	add("escaped +", `release\+1`, []string{"release+1"}, []string{"release1"})
	add("escaped *", `a\*b`, []string{"a*b"}, []string{"axb", "ab"})
	add("escaped ? then ?", `a\??`, []string{"a", "a?"}, []string{"a??"})
	add("escaped ordinary char", `\ab`, []string{"ab"}, []string{`\ab`})
	add("escaped [", `\[x]`, []string{"[x]"}, []string{"x"})
	add("escaped ! is positive", `\!x`, []string{"!x"}, []string{"x"})
	add("! inside is literal", "a!b", []string{"a!b"}, nil)
	add("] alone is literal", "a]", []string{"a]"}, nil)
	add("class repeated", "[0-9]+", []string{"1", "123"}, []string{"", "1a"})
	add("class optional", "v[0-9]?", []string{"v", "v1"}, []string{"v12"})
	add("escape in class", `[\]a]`, []string{"]", "a"}, []string{`\`})
	add("dash first and last is literal", "[-_.]", []string{"-", "_", "."}, []string{"a"})
	add("dash after a range is literal", "[a-c-e]", []string{"b", "-", "e"}, []string{"d"})
	add("regexp characters are literal", "a.b(c)|{d}$^", []string{"a.b(c)|{d}$^"}, []string{"axb(c)|{d}$^"})
	add("dot is literal", "v1.*", []string{"v1.9", "v1.9.1", "v1."}, []string{"v1", "v19"})
	add("*** is **", "a/***", []string{"a/b/c"}, []string{"a"})
	add("**/ mid-segment needs its /", "a**/b", []string{"a/b", "ax/b", "ax/y/b"}, []string{"ab"})
	add("**/ at a segment may be empty", "a/**/b", []string{"a/b", "a/x/b", "a/x/y/b"}, []string{"ab", "a//"})
	add("**/? keeps the / for ?", "x/**/?", []string{"x/", "x/a/", "x/a"}, nil)
	add("? repeats a multibyte rune", "caf\u00e9?s", []string{"cafs", "caf\u00e9s"}, []string{"caf\u00e9\u00e9s"})
	add("** crosses newlines", "a**b", []string{"a\nb"}, nil)
	add("anchored both ends", "b", nil, []string{"ab", "ba"})
	add("case sensitive", "Main", nil, []string{"main"})
	return cs
}

func TestPatternMatch(t *testing.T) {
	var all []matchCase
	all = append(all, cheatSheetRefs()...)
	all = append(all, cheatSheetPaths()...)
	all = append(all, syntaxCases()...)
	for _, c := range all {
		p, err := Compile(c.pattern)
		if err != nil {
			t.Errorf("%s: Compile(%q): %v", c.what, c.pattern, err)
			continue
		}
		if got := p.Match(c.value); got != c.want {
			t.Errorf("%s: %q.Match(%q) = %v, want %v", c.what, c.pattern, c.value, got, c.want)
		}
	}
}

func TestCompileNegated(t *testing.T) {
	for _, c := range []struct {
		pattern     string
		negated     bool
		matches     string
		doesntMatch string
	}{
		{"!main", true, "main", "!main"},
		{"!!main", true, "!main", "main"}, // only the first ! is special
		{`\!main`, false, "!main", "main"},
		{"!releases/**-alpha", true, "releases/beta/3-alpha", "releases/10"},
	} {
		p, err := Compile(c.pattern)
		if err != nil {
			t.Fatalf("Compile(%q): %v", c.pattern, err)
		}
		if p.Negated() != c.negated || p.String() != c.pattern {
			t.Errorf("Compile(%q): Negated()=%v String()=%q", c.pattern, p.Negated(), p.String())
		}
		if !p.Match(c.matches) || p.Match(c.doesntMatch) {
			t.Errorf("%q: Match(%q)=%v Match(%q)=%v", c.pattern,
				c.matches, p.Match(c.matches), c.doesntMatch, p.Match(c.doesntMatch))
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, c := range []struct {
		what    string
		pattern string
		offset  int
		msg     string // substring of the message
	}{
		{"empty", "", 0, "empty pattern"},
		{"lone !", "!", 1, "nothing follows '!'"},
		{"unclosed [", "v[0-9", 1, "never closed"},
		{"unclosed [ after negation", "!a[b", 2, "never closed"},
		{"[ with only an escape", `x[\`, 1, "never closed"},
		{"empty []", "a[]", 1, "lists no characters"},
		{"dangling \\", `abc\`, 3, "escapes nothing"},
		{"? first", "?a", 0, "no preceding character"},
		{"+ first after !", "!+a", 1, "no preceding character"},
		{"? after *", "a*?", 2, "no preceding character"},
		{"+ after **", "a**+", 3, "no preceding character"},
		{"?? twice", "a??", 2, "no preceding character"},
		{"+? twice", "a+?", 2, "no preceding character"},
		{"reversed range", "[z-a]", 2, "reversed"},
		{"range across cases", "[a-Z]", 2, "within 0-9, a-z or A-Z"},
		{"range digit to letter", "[0-z]", 2, "within 0-9, a-z or A-Z"},
		{"range of punctuation", "[!-~]", 2, "within 0-9, a-z or A-Z"},
		{"invalid UTF-8", "ab\xff", 2, "invalid UTF-8"},
	} {
		_, err := Compile(c.pattern)
		var pe *PatternError
		if !errors.As(err, &pe) {
			t.Errorf("%s: Compile(%q) error = %v, want a *PatternError", c.what, c.pattern, err)
			continue
		}
		if pe.Offset != c.offset || pe.Pattern != c.pattern || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("%s: Compile(%q) = %v; want offset %d and %q", c.what, c.pattern, err, c.offset, c.msg)
		}
		if !strings.Contains(err.Error(), "offset") {
			t.Errorf("%s: message %q does not give the offset", c.what, err)
		}
	}
}

// TestNoBlowUp checks that patterns which make backtracking matchers take
// exponential time stay fast: RE2 matching is linear in the input.
func TestNoBlowUp(t *testing.T) {
	long := strings.Repeat("a", 1<<16)
	for _, pattern := range []string{
		"**********a**********b",
		"*a*a*a*a*a*a*a*a*a*a*a*b",
		"**a**a**a**a**a**a**a**b",
		"a+a+a+a+a+a+a+a+a+a+b",
		"[a-z]+[a-z]+[a-z]+[a-z]+b",
	} {
		p, err := Compile(pattern)
		if err != nil {
			t.Fatalf("Compile(%q): %v", pattern, err)
		}
		start := time.Now()
		if p.Match(long) {
			t.Errorf("%q matched a string without b", pattern)
		}
		// Generous bound, far above linear time but far below a blow-up.
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%q took %v on a %d-byte value", pattern, d, len(long))
		}
	}
}
