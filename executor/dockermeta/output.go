package dockermeta

import (
	"regexp"
	"strings"
)

// imageNames are the enabled images, lower-cased as Docker requires.
func (m *meta) imageNames() []string {
	var names []string
	for _, img := range m.images {
		if img.enable {
			names = append(names, strings.ToLower(img.name))
		}
	}
	return names
}

// tagList is getTags: for each image (or once, bare, with no images or
// for the tag names) the version, the partials, then latest, which takes
// the flavor's affixes only when onlatest asks for them.
func (m *meta) tagList(namesOnly bool) []string {
	if m.main == "" {
		return nil
	}
	gen := func(image string) []string {
		prefix := ""
		if image != "" {
			prefix = image + ":"
		}
		tags := []string{prefix + m.main}
		for _, p := range m.partial {
			tags = append(tags, prefix+p)
		}
		if m.latest != nil && *m.latest {
			latest := "latest"
			if m.flavor.prefixLatest {
				latest = m.flavor.prefix + latest
			}
			if m.flavor.suffixLatest {
				latest += m.flavor.suffix
			}
			tags = append(tags, prefix+sanitizeTag(latest))
		}
		return tags
	}
	images := m.imageNames()
	if namesOnly || len(images) == 0 {
		return gen("")
	}
	var tags []string
	for _, img := range images {
		tags = append(tags, gen(img)...)
	}
	return tags
}

// ociLabels is getOCIAnnotationsWithCustoms: the eight OCI keys from the
// repository, the version, the time and the SHA, then the user's entries
// rendered; a later key wins, entries without "=" are dropped, and the
// result is sorted by key.
func (m *meta) ociLabels(extra []string) ([]string, error) {
	repo := func(path ...string) string {
		return truthyString(m.payload, append([]string{"repository"}, path...)...)
	}
	const oci = "org.opencontainers.image."
	res := []string{
		oci + "title=" + repo("name"),
		oci + "description=" + repo("description"),
		oci + "url=" + repo("html_url"),
		oci + "source=" + repo("html_url"),
		oci + "version=" + m.main,
		oci + "created=" + isoString(m),
		oci + "revision=" + m.sha,
		oci + "licenses=" + repo("license", "spdx_id"),
	}
	for _, e := range extra {
		s, err := m.render(e)
		if err != nil {
			return nil, err
		}
		res = append(res, s)
	}
	var keys []string
	vals := map[string]string{}
	for _, l := range res {
		key, val, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		if _, seen := vals[key]; !seen {
			keys = append(keys, key)
		}
		vals[key] = val
	}
	sortLocale(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + "=" + vals[k]
	}
	return out, nil
}

// isoString is Date.prototype.toISOString of the run's time.
func isoString(m *meta) string {
	return m.now.UTC().Format("2006-01-02T15:04:05.000Z")
}

func withLevels(annotations, levels []string) []string {
	var out []string
	for _, l := range levels {
		for _, a := range annotations {
			out = append(out, l+":"+a)
		}
	}
	return out
}

var nonWord = regexp.MustCompile(`\W`)

// envName is the variable an output is also exported as.
func envName(output string) string {
	return "DOCKER_METADATA_OUTPUT_" + strings.ToUpper(nonWord.ReplaceAllString(output, "_"))
}
