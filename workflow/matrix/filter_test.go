package matrix

import "testing"

func TestStepApply(t *testing.T) {
	list := []any{"a", "b"}
	obj := map[string]any{"Key": "v", "0": "zero"}
	tests := []struct {
		what string
		v    any
		s    step
		want any
	}{
		{"object by key, any case", obj, step{key: "KEY"}, "v"},
		{"object by position reads the number as a key", obj, step{index: 0, isIndex: true}, "zero"},
		{"object without the key", obj, step{key: "other"}, nil},
		{"list by position", list, step{index: 1, isIndex: true}, "b"},
		{"list past its end", list, step{index: 2, isIndex: true}, nil},
		{"list by a numeric key", list, step{key: "1"}, "b"},
		{"list by a fractional key is floored", list, step{key: "1.9"}, "b"},
		{"list by a key that is no number", list, step{key: "x"}, nil},
		{"list by a negative key", list, step{key: "-1"}, nil},
		{"a scalar has nothing inside", "abc", step{key: "length"}, nil},
	}
	for _, tt := range tests {
		if got := tt.s.apply(tt.v); got != tt.want {
			t.Errorf("%s: apply = %#v; want %#v", tt.what, got, tt.want)
		}
	}
}
