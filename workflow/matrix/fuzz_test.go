package matrix

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// fuzzKeys and fuzzValues are small pools so that generated entries often
// hit axes, differ only in case, and compare loosely equal.
var (
	fuzzKeys   = []string{"a", "b", "A", "c", "d"}
	fuzzValues = []any{
		nil, true, false, 0.0, 1.0, 12.0, "", "a", "A", "12", "x",
		[]any{}, []any{"a"}, []any{nil, 1.0},
		map[string]any{}, map[string]any{"v": 1.0}, map[string]any{"V": "1", "w": nil},
		3, // an int, to be read as 1 number among floats
	}
)

// fuzzReader hands out bytes, then zeros once they run out.
type fuzzReader []byte

func (r *fuzzReader) next(n int) int {
	if len(*r) == 0 {
		return 0
	}
	b := (*r)[0]
	*r = (*r)[1:]
	return int(b) % n
}

// fuzzMatrix decodes a small matrix: up to 3 axes of up to 7 values (0 makes
// the empty-axis error, 7x7x7 passes the limit), up to 3 include and 3
// exclude entries of up to 3 keys.
func fuzzMatrix(data []byte) Matrix {
	r := fuzzReader(data)
	var m Matrix
	for range r.next(4) {
		a := Axis{Name: fuzzKeys[r.next(len(fuzzKeys))]}
		for range r.next(8) {
			a.Values = append(a.Values, fuzzValues[r.next(len(fuzzValues))])
		}
		if a.Values == nil && r.next(4) != 0 {
			a.Values = []any{"v"}
		}
		m.Axes = append(m.Axes, a)
	}
	entry := func() (map[string]any, []string) {
		row := map[string]any{}
		var keys []string
		for range r.next(4) {
			k := fuzzKeys[r.next(len(fuzzKeys))]
			if _, ok := row[k]; !ok {
				keys = append(keys, k)
			}
			row[k] = fuzzValues[r.next(len(fuzzValues))]
		}
		return row, keys
	}
	ordered := r.next(2) == 0
	for range r.next(4) {
		row, keys := entry()
		m.Include = append(m.Include, row)
		if ordered {
			m.IncludeKeys = append(m.IncludeKeys, keys)
		}
	}
	for range r.next(4) {
		row, _ := entry()
		m.Exclude = append(m.Exclude, row)
	}
	return m
}

func FuzzExpand(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{2, 0, 3, 7, 8, 9, 1, 2, 4, 1, 1, 2, 0, 3, 0, 2, 1, 0, 1, 1})
	f.Add([]byte{3, 1, 5, 1, 2, 3, 4, 5, 3, 5, 6, 7, 8, 9, 0, 2, 2, 1, 4, 14, 1, 1, 3, 1})
	f.Add([]byte{1, 2, 3, 11, 14, 16, 0, 1, 2, 2, 14, 0, 1, 1, 2, 0, 12})
	f.Add([]byte{1, 0, 1, 10, 0, 0, 1, 1, 0, 10}) // every leg excluded
	f.Add([]byte{3, 0, 7, 1, 2, 3, 4, 5, 6, 7, 1, 7, 1, 2, 3, 4, 5, 6, 7, 3, 7, 1, 2, 3, 4, 5, 6, 7, 0, 1, 1, 3, 7, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		m := fuzzMatrix(data)
		legs, err := Expand(m)
		if err != nil {
			var me *Error
			if !errors.As(err, &me) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if me.Jobs > 0 && len(m.Exclude) == 0 {
				// The count taken without walking the product must agree.
				_, err := expand(m, 0)
				var counted *Error
				if !errors.As(err, &counted) || counted.Jobs != me.Jobs {
					t.Fatalf("walked count %d, shortcut count %v", me.Jobs, err)
				}
			}
			return
		}
		if len(legs) == 0 || len(legs) > MaxCombinations {
			t.Fatalf("%d legs", len(legs))
		}
		again, _ := Expand(m)
		if diff := cmp.Diff(legs, again); diff != "" {
			t.Fatalf("Expand is not deterministic:\n%s", diff)
		}
		if len(m.Include) == 0 && len(m.Exclude) == 0 && !m.IsZero() && len(legs) != productSize(m.Axes) {
			t.Fatalf("%d legs from a product of %d", len(legs), productSize(m.Axes))
		}
		for _, c := range legs {
			for i, a := range c {
				for _, b := range c[i+1:] {
					if strings.EqualFold(a.Key, b.Key) {
						t.Fatalf("leg %v has keys %q and %q", c, a.Key, b.Key)
					}
				}
			}
			name := LegName("job", c)
			if !strings.HasPrefix(name, "job") || len(utf16.Encode([]rune(name))) > maxNameLength {
				t.Fatalf("LegName = %q", name)
			}
		}
	})
}
