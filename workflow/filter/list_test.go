package filter

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustList(t testing.TB, patterns ...string) List {
	t.Helper()
	if patterns == nil {
		return nil
	}
	l, err := CompileList(patterns)
	if err != nil {
		t.Fatalf("CompileList(%q): %v", patterns, err)
	}
	return l
}

func TestListMatch(t *testing.T) {
	type row struct {
		what     string
		patterns []string
		yes, no  []string
	}
	rows := []row{
		{"cheat sheet: a later ! excludes", []string{"*.md", "!README.md"},
			[]string{"hello.md"}, []string{"README.md", "docs/hello.md"}},
		{"cheat sheet: a later positive re-includes", []string{"*.md", "!README.md", "README*"},
			[]string{"hello.md", "README.md", "README.doc"}, []string{"docs/hello.md"}},
		{"docs: releases/** without -alpha", []string{"releases/**", "!releases/**-alpha"},
			[]string{"releases/10", "releases/beta/mona"},
			[]string{"releases/10-alpha", "releases/beta/3-alpha", "main"}},
		{"docs: sub-project without its docs", []string{"sub-project/**", "!sub-project/docs/**"},
			[]string{"sub-project/index.js", "sub-project/src/index.js"},
			[]string{"sub-project/docs/readme.md", "index.js"}},
		{"! before the positive is overridden", []string{"!docs/**", "docs/**"},
			[]string{"docs/a.md"}, []string{"src/a.go"}},
		{"! last wins", []string{"docs/**", "!docs/**"},
			nil, []string{"docs/a.md", "src/a.go"}},
		{"only negative patterns match nothing", []string{"!main", "!dev"},
			nil, []string{"main", "dev", "feature"}},
		{"empty list matches nothing", []string{},
			nil, []string{"main"}},
	}
	for _, r := range rows {
		l := mustList(t, r.patterns...)
		var got, want []string
		for _, v := range append(append([]string{}, r.yes...), r.no...) {
			if l.Match(v) {
				got = append(got, v)
			}
		}
		want = r.yes
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: %q matched (-want +got):\n%s", r.what, r.patterns, diff)
		}
	}
}

func TestMatchAny(t *testing.T) {
	l := mustList(t, "**.js")
	for _, c := range []struct {
		what   string
		values []string
		want   bool
	}{
		{"one of several", []string{"README.md", "src/app.js"}, true},
		{"none", []string{"README.md", "go.mod"}, false},
		{"no values", nil, false},
	} {
		if got := l.MatchAny(c.values); got != c.want {
			t.Errorf("%s: MatchAny(%q) = %v, want %v", c.what, c.values, got, c.want)
		}
	}
}

func TestCompileListError(t *testing.T) {
	_, err := CompileList([]string{"main", "v[0-9", "?bad"})
	var pe *PatternError
	if !errors.As(err, &pe) || pe.Pattern != "v[0-9" {
		t.Fatalf("CompileList error = %v, want the PatternError of the first bad pattern", err)
	}
	if !strings.Contains(err.Error(), "item 1") {
		t.Errorf("error %q does not say which item", err)
	}
}

func TestRefs(t *testing.T) {
	// The lists of the "Including branches and tags" and "Excluding
	// branches and tags" examples of on.push.<branches|tags>.
	branches := mustList(t, "main", "mona/octocat", "releases/**")
	tags := mustList(t, "v2", "v1.*")
	branchesIgnore := mustList(t, "mona/octocat", "releases/**-alpha")
	tagsIgnore := mustList(t, "v2", "v1.*")

	for _, c := range []struct {
		what            string
		include, ignore List
		name            string
		want            bool
	}{
		{"branches: main", branches, nil, "main", true},
		{"branches: mona/octocat", branches, nil, "mona/octocat", true},
		{"branches: releases/10", branches, nil, "releases/10", true},
		{"branches: other", branches, nil, "feature/x", false},
		{"branches: full ref is not the name", branches, nil, "refs/heads/main", false},
		{"tags: v2", tags, nil, "v2", true},
		{"tags: v1.9.1", tags, nil, "v1.9.1", true},
		{"tags: v3", tags, nil, "v3", false},
		{"branches-ignore: mona/octocat", nil, branchesIgnore, "mona/octocat", false},
		{"branches-ignore: releases/beta/3-alpha", nil, branchesIgnore, "releases/beta/3-alpha", false},
		{"branches-ignore: main runs", nil, branchesIgnore, "main", true},
		{"tags-ignore: v2", nil, tagsIgnore, "v2", false},
		{"tags-ignore: v1.9", nil, tagsIgnore, "v1.9", false},
		{"tags-ignore: v3 runs", nil, tagsIgnore, "v3", true},
		{"no filter runs", nil, nil, "anything/at/all", true},
		{"empty include list runs nothing", List{}, nil, "main", false},
		{"empty ignore list ignores nothing", nil, List{}, "main", true},
		{"! in an ignore list un-ignores", nil, mustList(t, "releases/**", "!releases/10"), "releases/10", true},
		{"! in an ignore list, still ignored", nil, mustList(t, "releases/**", "!releases/10"), "releases/11", false},
		{"both given: must pass both", branches, branchesIgnore, "mona/octocat", false},
		{"both given: passes both", branches, branchesIgnore, "releases/10", true},
	} {
		if got := Refs(c.include, c.ignore, c.name); got != c.want {
			t.Errorf("%s: Refs(%v, %v, %q) = %v, want %v", c.what, c.include, c.ignore, c.name, got, c.want)
		}
	}
}

func TestPaths(t *testing.T) {
	js := mustList(t, "**.js")
	docsIgnore := mustList(t, "docs/**")
	sub := mustList(t, "sub-project/**", "!sub-project/docs/**")

	for _, c := range []struct {
		what            string
		include, ignore List
		files           []string
		want            bool
	}{
		{"paths: a .js file", js, nil, []string{"README.md", "src/app.js"}, true},
		{"paths: no .js file", js, nil, []string{"README.md"}, false},
		{"paths-ignore: only docs", nil, docsIgnore, []string{"docs/a.md", "docs/b/c.md"}, false},
		{"paths-ignore: one file outside docs", nil, docsIgnore, []string{"docs/a.md", "main.go"}, true},
		{"paths !: sub-project/index.js", sub, nil, []string{"sub-project/index.js"}, true},
		{"paths !: sub-project/src/index.js", sub, nil, []string{"sub-project/src/index.js"}, true},
		{"paths !: only sub-project/docs", sub, nil, []string{"sub-project/docs/readme.md"}, false},
		{"paths !: docs and code", sub, nil, []string{"sub-project/docs/readme.md", "sub-project/a.go"}, true},
		{"no files changed, paths", js, nil, nil, false},
		{"no files changed, paths-ignore", nil, docsIgnore, []string{}, false},
		{"no filter", nil, nil, nil, true},
		{"both given: a file must pass both", js, mustList(t, "vendor/**"), []string{"vendor/x.js", "README.md"}, false},
	} {
		if got := Paths(c.include, c.ignore, c.files); got != c.want {
			t.Errorf("%s: Paths(%v, %v, %q) = %v, want %v", c.what, c.include, c.ignore, c.files, got, c.want)
		}
	}
}
