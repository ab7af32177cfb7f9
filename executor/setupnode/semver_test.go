package setupnode

import "testing"

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]string{
		"14.21.3": "14.21.3", "v14.21.3": "14.21.3", "=14.21.3": "14.21.3", " v1.2.3 ": "1.2.3",
		"1.2.3-rc.1": "1.2.3-rc.1", "1.2.3+build.5": "1.2.3",
	} {
		v, ok := parseVersion(in)
		if !ok || v.String() != want {
			t.Errorf("parseVersion(%q) = %v, %v; want %s", in, v, ok, want)
		}
	}
	for _, in := range []string{"14", "14.x", "1.2.3.4", "a.b.c", "", "lts/*"} {
		if v, ok := parseVersion(in); ok {
			t.Errorf("parseVersion(%q) = %v; want failure", in, v)
		}
	}
}

func TestCompare(t *testing.T) {
	order := []string{"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
		"1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "2.0.0", "10.0.0"}
	for i := 1; i < len(order); i++ {
		a, _ := parseVersion(order[i-1])
		b, _ := parseVersion(order[i])
		if a.compare(b) != -1 || b.compare(a) != 1 || a.compare(a) != 0 {
			t.Errorf("want %s < %s", a, b)
		}
	}
}

// The cases follow node-semver's own range tests for the forms setup-node
// users write.
func TestRangeSatisfies(t *testing.T) {
	cases := []struct {
		rng string
		yes []string
		no  []string
	}{
		{"14", []string{"14.0.0", "14.21.3"}, []string{"13.9.9", "15.0.0", "14.1.0-rc.1"}},
		{"14.x", []string{"14.21.3"}, []string{"15.0.0"}},
		{"14.X", []string{"14.21.3"}, []string{"15.0.0"}},
		{"14.21", []string{"14.21.0", "14.21.3"}, []string{"14.20.1", "14.22.0"}},
		{"14.21.x", []string{"14.21.3"}, []string{"14.22.0"}},
		{"v14.21.3", []string{"14.21.3"}, []string{"14.21.2"}},
		{"*", []string{"0.0.1", "24.0.0"}, []string{"24.0.0-rc.1"}},
		{"", []string{"1.0.0"}, nil},
		{"x", []string{"1.0.0"}, nil},
		{">=16 <20", []string{"16.0.0", "19.9.9"}, []string{"15.9.9", "20.0.0", "20.0.0-rc.1"}},
		{">= 16 < 20", []string{"16.0.0", "19.9.0"}, []string{"20.0.0"}},
		{"^18", []string{"18.0.0", "18.20.8"}, []string{"19.0.0", "17.9.1"}},
		{"^18.17.0", []string{"18.17.0", "18.20.8"}, []string{"18.16.9", "19.0.0"}},
		{"^0.2.3", []string{"0.2.3", "0.2.9"}, []string{"0.3.0"}},
		{"^0.0.3", []string{"0.0.3"}, []string{"0.0.4"}},
		{"^0.0", []string{"0.0.9"}, []string{"0.1.0"}},
		{"^0", []string{"0.9.0"}, []string{"1.0.0"}},
		{"~18.1", []string{"18.1.0", "18.1.9"}, []string{"18.2.0", "18.0.9"}},
		{"~18", []string{"18.9.0"}, []string{"19.0.0"}},
		{"~18.1.2", []string{"18.1.2", "18.1.9"}, []string{"18.2.0", "18.1.1"}},
		{"~>18.1", []string{"18.1.5"}, []string{"18.2.0"}},
		{">18", []string{"19.0.0"}, []string{"18.99.0"}},
		{">18.1", []string{"18.2.0"}, []string{"18.1.9"}},
		{">18.1.2", []string{"18.1.3"}, []string{"18.1.2"}},
		{"<=18", []string{"18.99.0"}, []string{"19.0.0", "19.0.0-rc.0"}},
		{"<=18.1", []string{"18.1.9"}, []string{"18.2.0"}},
		{"<18", []string{"17.9.9"}, []string{"18.0.0", "18.0.0-rc.1"}},
		{"<18.1", []string{"18.0.9"}, []string{"18.1.0"}},
		{"=18.1.2", []string{"18.1.2"}, []string{"18.1.3"}},
		{"16 - 18", []string{"16.0.0", "18.20.8"}, []string{"19.0.0", "15.9.9"}},
		{"16.1 - 18.2.3", []string{"16.1.0", "18.2.3"}, []string{"18.2.4", "16.0.9"}},
		{"16 - 18.2", []string{"18.2.9"}, []string{"18.3.0"}},
		{"12 || 14 || >=16.3", []string{"12.1.0", "14.0.0", "16.3.0", "22.0.0"}, []string{"13.0.0", "16.2.0"}},
		{"6 >=6.2.0 || 8 || >=9.3.0", []string{"6.2.0", "8.1.0", "14.21.3", "26.0.0"}, []string{"6.1.0", "7.0.0", "9.2.0"}},
		{"^22.22.2 || ^24.15.0 || >=26.0.0", []string{"22.22.2", "24.15.0", "26.1.0"}, []string{"22.22.1", "25.9.0", "24.14.0"}},
		{">1.2.3-beta.1", []string{"1.2.3-beta.2", "1.2.3", "1.3.0"}, []string{"1.3.0-beta.3", "1.2.3-beta.1"}},
		{"1.x.3", []string{"1.5.0"}, []string{"2.0.0"}},
		{">*", nil, []string{"1.0.0"}},
	}
	for _, c := range cases {
		r, err := parseRange(c.rng)
		if err != nil {
			t.Errorf("parseRange(%q): %v", c.rng, err)
			continue
		}
		for _, s := range c.yes {
			if v, _ := parseVersion(s); !r.satisfies(v) {
				t.Errorf("%q should accept %s", c.rng, s)
			}
		}
		for _, s := range c.no {
			if v, _ := parseVersion(s); r.satisfies(v) {
				t.Errorf("%q should reject %s", c.rng, s)
			}
		}
	}
}

func TestParseRangeErrors(t *testing.T) {
	for _, s := range []string{"lts/*", "abc", "1.2.3.4", ">=x.y", "^1.2.3-", "1.2.3-a..b", "1.2-rc.1"} {
		if _, err := parseRange(s); err == nil {
			t.Errorf("parseRange(%q) succeeded; want an error", s)
		}
	}
}
