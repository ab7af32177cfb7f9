package matrix

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFromValue(t *testing.T) {
	v := map[string]any{
		"os":      []any{"linux", "mac"},
		"arch":    []any{"x64"},
		"include": []any{map[string]any{"os": "bsd"}},
		"exclude": []any{map[string]any{"os": "mac"}},
	}
	want := Matrix{
		Axes:    []Axis{ax("arch", "x64"), ax("os", "linux", "mac")},
		Include: []map[string]any{{"os": "bsd"}},
		Exclude: []map[string]any{{"os": "mac"}},
	}
	got, err := FromValue(v)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FromValue (-want +got):\n%s", diff)
	}
	legs, err := Expand(got)
	if err != nil {
		t.Fatal(err)
	}
	wantLegs := []Combination{{e("arch", "x64"), e("os", "linux")}, {e("os", "bsd")}}
	if diff := cmp.Diff(wantLegs, legs); diff != "" {
		t.Errorf("Expand (-want +got):\n%s", diff)
	}
}

func TestFromValueErrors(t *testing.T) {
	tests := []struct {
		what string
		v    any
		want Error
	}{
		{
			what: "a matrix that is not a mapping",
			v:    []any{"a"},
			want: Error{Part: PartMatrix, Msg: "matrix must be a mapping, not a list"},
		},
		{
			what: "an axis that is not a list",
			v:    map[string]any{"os": "linux"},
			want: Error{Part: PartAxis, Axis: "os", Msg: "matrix vector 'os' must be a list, not a string"},
		},
		{
			what: "include that is a mapping, not a list",
			v:    map[string]any{"include": map[string]any{"os": "linux"}},
			want: Error{Part: PartInclude, Index: -1, Msg: "matrix include must be a list of mappings, not a mapping"},
		},
		{
			what: "include with an entry that is not a mapping",
			v:    map[string]any{"include": []any{map[string]any{"os": "linux"}, "os"}},
			want: Error{Part: PartInclude, Index: 1, Msg: "matrix include must be a list of mappings; entry #2 is a string"},
		},
		{
			what: "exclude that is null",
			v:    map[string]any{"os": []any{"a"}, "exclude": nil},
			want: Error{Part: PartExclude, Index: -1, Msg: "matrix exclude must be a list of mappings, not null"},
		},
		{
			what: "exclude with a list entry",
			v:    map[string]any{"os": []any{"a"}, "exclude": []any{[]any{"os"}}},
			want: Error{Part: PartExclude, Index: 0, Msg: "matrix exclude must be a list of mappings; entry #1 is a list"},
		},
		{
			what: "an evaluated matrix with nothing in it",
			v:    map[string]any{"include": []any{}, "exclude": []any{map[string]any{"os": "a"}}},
			want: Error{Part: PartMatrix, Msg: "matrix must define at least one vector"},
		},
		{
			what: "a number is named as one",
			v:    map[string]any{"os": 3},
			want: Error{Part: PartAxis, Axis: "os", Msg: "matrix vector 'os' must be a list, not a number"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			_, err := FromValue(tt.v)
			var me *Error
			if !errors.As(err, &me) {
				t.Fatalf("FromValue = %v; want error %q", err, tt.want.Msg)
			}
			if diff := cmp.Diff(tt.want, *me); diff != "" {
				t.Errorf("FromValue error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	in := map[string]any{"a": []any{1, "x", map[string]any{"b": int32(2)}}, "c": 3.0}
	got, changed, err := normalize(in)
	if err != nil || !changed {
		t.Fatalf("normalize = %v, %v, %v", got, changed, err)
	}
	want := map[string]any{"a": []any{1.0, "x", map[string]any{"b": 2.0}}, "c": 3.0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("normalize (-want +got):\n%s", diff)
	}
	if in["a"].([]any)[0] != 1 {
		t.Error("normalize changed its input")
	}
	canon := []any{1.0, "x"}
	if got, changed, _ := normalize(canon); changed || &got.([]any)[0] != &canon[0] {
		t.Error("normalize copied a canonical list")
	}
}
