package setupnode

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// installFromMirror fetches the official build, as getNodejsDistInfo names
// it: <mirror>/v<ver>/node-v<ver>-linux-x64.tar.gz, or .tar.xz for a mirror
// that only keeps those. The archive is checked against the release's
// SHASUMS256.txt when the mirror has one.
func (s *session) installFromMirror(build, ver string) error {
	base := fmt.Sprintf("%s/v%s/", s.o.Mirror, ver)
	scratch := filepath.Dir(build)
	var err error
	for _, ext := range []string{".tar.gz", ".tar.xz"} {
		name := "node-v" + ver + "-" + platformFile + ext
		archive := filepath.Join(scratch, name)
		var d digests
		s.o.Log("Acquiring %s - %s from %s", ver, arch, base+name)
		if d, err = s.download(base+name, archive); errors.Is(err, errNotFound) {
			continue
		} else if err != nil {
			return err
		}
		if err := s.verifyShasums(base, name, d.sha256); err != nil {
			return err
		}
		if err := extractArchive(s.ctx, archive, build, 1); err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(build, "bin", "node")); err != nil {
			return fmt.Errorf("%s has no bin/node", name)
		}
		return nil
	}
	return err
}

// verifyShasums compares the archive's sha256 with its SHASUMS256.txt line.
// A mirror without the file is trusted as setup-node trusts it (setup-node
// checks nothing); a file that lists a different sum is an error.
func (s *session) verifyShasums(base, name string, got []byte) error {
	body, err := s.get(base+"SHASUMS256.txt", "")
	if errors.Is(err, errNotFound) {
		s.o.Log("No SHASUMS256.txt on the mirror; %s is not checksum-verified", name)
		return nil
	}
	if err != nil {
		return fmt.Errorf("checksums: %w", err)
	}
	defer body.Close()
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 || strings.TrimPrefix(f[1], "*") != name {
			continue
		}
		if !strings.EqualFold(f[0], hex.EncodeToString(got)) {
			return fmt.Errorf("%s: sha256 %x does not match SHASUMS256.txt (%s)", name, got, f[0])
		}
		return nil
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("checksums: %w", err)
	}
	s.o.Log("SHASUMS256.txt does not list %s; it is not checksum-verified", name)
	return nil
}
