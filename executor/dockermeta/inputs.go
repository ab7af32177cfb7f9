package dockermeta

import (
	"fmt"
	"slices"
	"strings"
)

// image is one entry of the images input (src/image.ts).
type image struct {
	name   string
	enable bool
}

// flavor is the flavor input (src/flavor.ts).
type flavor struct {
	latest                     string // auto, true or false
	prefix, suffix             string
	prefixLatest, suffixLatest bool
}

// tagEntry is one entry of the tags input (src/tag.ts): its type and
// attributes, with the type's defaults filled in.
type tagEntry struct {
	typ   string
	attrs map[string]string
}

// splitAttr splits an image or flavor field as field.split('=') does,
// keeping only the first two parts, each trimmed.
func splitAttr(field string) (key, value string, ok bool) {
	parts := strings.Split(field, "=")
	if len(parts) == 1 {
		return jsTrim(parts[0]), "", false
	}
	return strings.ToLower(jsTrim(parts[0])), jsTrim(parts[1]), true
}

func parseImages(entries []string) ([]image, error) {
	// The old format, a single line of comma-separated names, is still
	// accepted: one entry whose fields all lack '='.
	if len(entries) == 1 {
		fields, err := parseFields(entries[0])
		if err != nil {
			return nil, fmt.Errorf("images: %w", err)
		}
		var imgs []image
		for _, f := range fields {
			name, _, ok := splitAttr(f)
			if ok {
				imgs = nil
				break
			}
			imgs = append(imgs, image{name: name, enable: true})
		}
		if imgs != nil {
			return imgs, nil
		}
	}
	var imgs []image
	for _, e := range entries {
		img, err := parseImage(e)
		if err != nil {
			return nil, err
		}
		imgs = append(imgs, img)
	}
	return imgs, nil
}

func parseImage(entry string) (image, error) {
	img := image{enable: true}
	fields, err := parseFields(entry)
	if err != nil {
		return img, fmt.Errorf("images: %w", err)
	}
	for _, f := range fields {
		key, value, ok := splitAttr(f)
		switch {
		case !ok:
			img.name = key
		case key == "name":
			img.name = value
		case key == "enable":
			if value != "true" && value != "false" {
				return img, fmt.Errorf("invalid enable attribute value: %s", entry)
			}
			img.enable = value == "true"
		default:
			return img, fmt.Errorf("unknown image attribute: %s", entry)
		}
	}
	if img.name == "" {
		return img, fmt.Errorf("image name attribute empty: %s", entry)
	}
	return img, nil
}

func parseFlavor(entries []string) (flavor, error) {
	fl := flavor{latest: "auto"}
	for _, e := range entries {
		fields, err := parseFields(e)
		if err != nil {
			return fl, fmt.Errorf("flavor: %w", err)
		}
		onlatestFor := "" // onlatest applies to the prefix or suffix before it
		for _, f := range fields {
			key, value, ok := splitAttr(f)
			if !ok {
				return fl, fmt.Errorf("invalid flavor entry: %s", e)
			}
			switch key {
			case "latest":
				if value != "auto" && value != "true" && value != "false" {
					return fl, fmt.Errorf("invalid latest flavor entry: %s", e)
				}
				fl.latest = value
			case "prefix":
				fl.prefix, onlatestFor = value, key
			case "suffix":
				fl.suffix, onlatestFor = value, key
			case "onlatest":
				if value != "true" && value != "false" {
					return fl, fmt.Errorf("invalid value for onlatest attribute: %s", value)
				}
				if onlatestFor == "prefix" {
					fl.prefixLatest = value == "true"
				} else if onlatestFor == "suffix" {
					fl.suffixLatest = value == "true"
				}
			default:
				return fl, fmt.Errorf("unknown flavor entry: %s", e)
			}
		}
	}
	return fl, nil
}

// defaultTags are the entries used when the tags input is empty.
func defaultTags() []string {
	return []string{"type=schedule", "type=ref,event=branch", "type=ref,event=tag", "type=ref,event=pr"}
}

func defaultPriority(typ string) string {
	switch typ {
	case "schedule":
		return "1000"
	case "semver", "pep440":
		return "900"
	case "match":
		return "800"
	case "edge":
		return "700"
	case "ref":
		return "600"
	case "raw":
		return "200"
	case "sha":
		return "100"
	}
	return ""
}

// parseTags parses the entries and orders them by descending priority
// with Array.prototype.sort's algorithm (see v8Sort).
func parseTags(entries []string) ([]tagEntry, error) {
	if len(entries) == 0 {
		entries = defaultTags()
	}
	tags := make([]tagEntry, 0, len(entries))
	for _, e := range entries {
		t, err := parseTag(e)
		if err != nil {
			return nil, err
		}
		tags = append(tags, t)
	}
	v8Sort(tags, func(a, b tagEntry) int {
		pa, okA := jsNumber(a.attrs["priority"])
		pb, okB := jsNumber(b.attrs["priority"])
		switch {
		case !okA || !okB: // NaN compares neither less nor greater
			return 0
		case pa < pb:
			return 1
		case pa > pb:
			return -1
		}
		return 0
	})
	return tags, nil
}

// v8Sort is V8's Array.prototype.sort for arrays of fewer than 64
// elements: the leading run (reversed if strictly descending), then
// binary insertion. It is stable, and it matters that it is V8's own
// because a priority that is not a number makes the comparison
// inconsistent, and then only the same algorithm gives the same order.
// Longer arrays would be merged in runs by V8; with a consistent
// comparison any stable sort agrees with it.
func v8Sort[T any](s []T, cmp func(a, b T) int) {
	if len(s) < 2 {
		return
	}
	run := 2
	descending := cmp(s[1], s[0]) < 0
	for i := 2; i < len(s); i++ {
		if c := cmp(s[i], s[i-1]); (descending && c >= 0) || (!descending && c < 0) {
			break
		}
		run++
	}
	if descending {
		slices.Reverse(s[:run])
	}
	for start := run; start < len(s); start++ {
		pivot := s[start]
		left, right := 0, start
		for left < right {
			mid := left + (right-left)/2
			if cmp(pivot, s[mid]) < 0 {
				right = mid
			} else {
				left = mid + 1
			}
		}
		copy(s[left+1:start+1], s[left:start])
		s[left] = pivot
	}
}

// splitTagField splits a tags field at its first '=', and only when the
// key before it is not empty: the action's split(/(?<=^[^=]+?)=/).
func splitTagField(field string) (key, value string, ok bool) {
	i := strings.IndexByte(field, '=')
	if i <= 0 {
		return "", jsTrim(field), false
	}
	return strings.ToLower(jsTrim(field[:i])), jsTrim(field[i+1:]), true
}
