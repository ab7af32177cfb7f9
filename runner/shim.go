package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// dockerShim is put first on PATH in jobs when --registry-map is given, so
// that the docker CLI in run steps (docker login ghcr.io, docker push
// ghcr.io/…) goes to the mapped registry too, as the built-in actions do.
// It rewrites arguments naming a mapped host, then runs the real docker.
const dockerShimTemplate = `#!/bin/sh
# gantry --registry-map: %s
self_dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
real=
IFS=:
for d in $PATH; do
  [ "$d" = "$self_dir" ] && continue
  if [ -x "$d/docker" ]; then real="$d/docker"; break; fi
done
unset IFS
[ -n "$real" ] || { echo "gantry: no docker CLI in PATH" >&2; exit 127; }
for a do
  shift
  case "$a" in
%s  esac
  set -- "$@" "$a"
done
exec "$real" "$@"
`

// writeDockerShim writes the shim into dir for the given mapping.
func writeDockerShim(dir string, mapping map[string]string) error {
	froms := make([]string, 0, len(mapping))
	for from := range mapping {
		froms = append(froms, from)
	}
	sort.Strings(froms)
	var cases, desc strings.Builder
	for _, from := range froms {
		to := mapping[from]
		fmt.Fprintf(&cases, "    %s) a=%s ;;\n    %s/*) a=\"%s/${a#%s/}\" ;;\n", from, to, from, to, from)
		fmt.Fprintf(&desc, "%s=%s ", from, to)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("docker shim: %w", err)
	}
	script := fmt.Sprintf(dockerShimTemplate, strings.TrimSpace(desc.String()), cases.String())
	return os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o755)
}
