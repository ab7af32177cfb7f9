package setupnode

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// versionLine is util.ts getNodeVersionFromFile's pattern: an optional
// "node " or "nodejs " (.tool-versions), an optional "v", then the version.
var versionLine = regexp.MustCompile(`^(?:node(?:js)?\s+)?v?(\S+)$`)

// VersionFromFile reads a node-version-file as setup-node v4's
// getNodeVersionFromFile does. A package.json yields volta.node, else
// engines.node, else follows volta.extends; a package.json with none gives
// "" (no version requested). Other files (.nvmrc, .node-version,
// .tool-versions) yield the first line matching versionLine; when none
// matches, the whole trimmed content. Comment lines ("# ...") are skipped
// first, so a one-word comment is not taken for a version as upstream's
// bare regex would.
func VersionFromFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("setup-node: The specified node version file at: %s does not exist", path)
	}
	if err != nil {
		return "", fmt.Errorf("node version file: %w", err)
	}
	if v, isJSON, err := versionFromManifest(path, data); isJSON || err != nil {
		return v, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if m := versionLine.FindStringSubmatch(line); m != nil {
			return m[1], nil
		}
	}
	return strings.TrimSpace(string(data)), nil
}

// versionFromManifest handles content that parses as JSON. Like upstream
// it treats any JSON object (or array) as a package.json; a JSON scalar
// such as "18" in an .nvmrc is left to the line rules.
func versionFromManifest(path string, data []byte) (v string, isJSON bool, err error) {
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return "", false, nil
	}
	if _, ok := doc.([]any); ok {
		return "", true, nil
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return "", false, nil
	}
	if v := field(m, "volta", "node"); v != "" {
		return v, true, nil
	}
	if v := field(m, "engines", "node"); v != "" {
		return v, true, nil
	}
	if ext := field(m, "volta", "extends"); ext != "" {
		v, err := VersionFromFile(filepath.Join(filepath.Dir(path), ext))
		return v, true, err
	}
	return "", true, nil
}

// field reads m[a][b] as text; numbers count, as JavaScript would coerce
// them ("volta": {"node": 18}).
func field(m map[string]any, a, b string) string {
	inner, _ := m[a].(map[string]any)
	switch v := inner[b].(type) {
	case string:
		return v
	case float64:
		return fmt.Sprint(v)
	}
	return ""
}
