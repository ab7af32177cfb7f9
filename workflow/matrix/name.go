package matrix

import (
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/gantry-ci/gantry/expr"
)

// maxNameLength is the longest leg name GitHub keeps (JobNameBuilder); a
// longer one is cut to 97 characters and "...".
const maxNameLength = 100

// LegName returns the name GitHub gives a leg of the job named jobName:
// `jobName (v1, v2, ...)`, or jobName alone when the leg contributes no
// value. This is the name for a job whose name does not itself use the
// matrix context; GitHub evaluates such a name per leg and appends nothing.
//
// The values are those of c's entries that are not Extra, walked depth
// first as GitHub's JobNameBuilder walks them: strings as written, numbers
// in .NET's G15 form (12, 14.5, 1E+15), booleans as true and false; null and
// empty strings are left out; objects and lists are entered and their
// scalars listed, an object's in sorted key order since Go maps keep none.
// Values an include merged into a product leg are left out, because GitHub
// names a leg before it merges them.
func LegName(jobName string, c Combination) string {
	if jobName == "" {
		return ""
	}
	var segs []string
	for _, e := range c {
		if !e.Extra {
			segs = appendSegments(segs, e.Value)
		}
	}
	name := jobName
	if len(segs) > 0 {
		name = jobName + " (" + strings.Join(segs, ", ") + ")"
	}
	return truncate(name)
}

// appendSegments appends the name segments of v.
func appendSegments(segs []string, v any) []string {
	switch x := v.(type) {
	case nil:
	case string:
		if x != "" {
			segs = append(segs, x)
		}
	case bool:
		segs = append(segs, strconv.FormatBool(x))
	case []any:
		for _, e := range x {
			segs = appendSegments(segs, e)
		}
	case map[string]any:
		for _, k := range sortedKeys(x) {
			segs = appendSegments(segs, x[k])
		}
	default:
		if f, ok := asFloat(v); ok {
			segs = append(segs, expr.FormatNumber(f))
		}
	}
	return segs
}

// truncate cuts name as JobNameBuilder does. .NET counts UTF-16 code units,
// so this does too, but it never splits a surrogate pair, which .NET would.
func truncate(name string) string {
	if len(name) <= maxNameLength {
		// Each UTF-16 unit takes at least one byte of UTF-8.
		return name
	}
	units := 0
	for _, r := range name {
		units += utf16.RuneLen(r)
	}
	if units <= maxNameLength {
		return name
	}
	units = 0
	for i, r := range name {
		if units+utf16.RuneLen(r) > maxNameLength-3 {
			return name[:i] + "..."
		}
		units += utf16.RuneLen(r)
	}
	return name
}
