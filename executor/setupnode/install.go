package setupnode

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Install makes node <version> available in the tool cache and returns its
// directory, <cache>/node/<version>/x64, laid out like an official build
// (bin/node, bin/npm, bin/npx, lib/node_modules/npm).
//
// Like tool-cache's cacheDir, the version counts as cached only once the
// "<dir>.complete" marker exists, and the marker is written last: the
// build is assembled in a staging directory inside the cache, renamed into
// place, and only then marked. A crash at any point leaves at worst an
// unmarked directory, which find ignores and the next Install replaces.
// A per-version lock file serializes concurrent Installs (two matrix legs,
// or two gantry processes sharing the cache); the loser finds the version
// complete and returns it.
func Install(ctx context.Context, o Options, version string) (dir string, err error) {
	o, err = o.withDefaults()
	if err != nil {
		return "", err
	}
	v, ok := parseVersion(version)
	if !ok {
		return "", fmt.Errorf("setup-node: install: %q is not an exact version", version)
	}
	ver := v.String()
	dir = toolDir(o.ToolCache, ver)
	if isComplete(dir) {
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("setup-node: install %s: %w", ver, err)
	}
	unlock, err := lockFile(ctx, dir+".lock", func() { o.Log("Waiting for another install of node %s", ver) })
	if err != nil {
		return "", fmt.Errorf("setup-node: install %s: %w", ver, err)
	}
	defer unlock()
	if isComplete(dir) { // another leg finished while we waited
		return dir, nil
	}
	// Holding the lock, any staging directory of this version is a crashed
	// install's. "_" cannot occur in a version, so 1.2.3's pattern never
	// matches 1.2.3-rc.1's staging, which another lock guards.
	prefix := filepath.Join(o.ToolCache, "node", ".staging-"+ver+"_")
	stale, _ := filepath.Glob(prefix + "*")
	for _, d := range stale {
		_ = os.RemoveAll(d)
	}
	stage, err := os.MkdirTemp(filepath.Dir(prefix), filepath.Base(prefix))
	if err != nil {
		return "", fmt.Errorf("setup-node: install %s: %w", ver, err)
	}
	defer os.RemoveAll(stage)
	if err := newSession(ctx, o).fill(stage, ver); err != nil {
		return "", err
	}
	if err := promote(stage, dir); err != nil {
		return "", fmt.Errorf("setup-node: install %s: %w", ver, err)
	}
	o.Log("Added node %s to the tool cache at %s", ver, dir)
	return dir, nil
}

// fill builds the version in stage/x64 from the mirror, else from the npm
// registry. Either failure is logged and kept for the final error, which
// names the version and the cache directory.
func (s *session) fill(stage, ver string) error {
	build := filepath.Join(stage, arch)
	var errs []error
	for _, src := range []struct {
		name    string
		install func(build, ver string) error
	}{
		{"Node mirror " + s.o.Mirror, s.installFromMirror},
		{"npm registry " + s.o.NPMRegistry, s.installFromRegistry},
	} {
		if err := os.RemoveAll(build); err != nil {
			return fmt.Errorf("setup-node: install %s: %w", ver, err)
		}
		if err := os.Mkdir(build, 0o755); err != nil {
			return fmt.Errorf("setup-node: install %s: %w", ver, err)
		}
		err := src.install(build, ver)
		if err == nil {
			return nil
		}
		if ctxErr := s.ctx.Err(); ctxErr != nil {
			return fmt.Errorf("setup-node: install %s: %w", ver, ctxErr)
		}
		s.o.Log("Could not install node %s from the %s: %v", ver, src.name, err)
		errs = append(errs, fmt.Errorf("%s: %w", src.name, err))
	}
	return fmt.Errorf("setup-node: node %s is not in the tool cache %s and could not be installed: %w",
		ver, filepath.Join(s.o.ToolCache, "node"), errors.Join(errs...))
}

// promote moves the staged build into place and then writes the marker.
// An unmarked directory already there is a crashed install's leftover; a
// marked one (possible only without the lock) is kept, as it may be in use.
func promote(stage, dir string) error {
	if isComplete(dir) {
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(stage, arch), dir); err != nil {
		return err
	}
	f, err := os.Create(dir + ".complete")
	if err != nil {
		return err
	}
	return f.Close()
}
