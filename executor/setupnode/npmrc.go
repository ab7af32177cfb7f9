package setupnode

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// placeholderToken is what setup-node v4 exports as NODE_AUTH_TOKEN when
// none is set, so that the .npmrc's ${NODE_AUTH_TOKEN} always expands.
const placeholderToken = "XXXXX-XXXXX-XXXXX-XXXXX"

var urlScheme = regexp.MustCompile(`^\w+:`)

// WriteNPMRC implements registry-url as setup-node v4's authutil.ts does:
// <hostTemp>/.npmrc keeps its lines except a previous [scope:]registry
// line, then gets the auth line, the registry line and always-auth. The
// scope defaults to the repository owner for npm.pkg.github.com. The env
// returned points npm at the file's path inside the job (jobTemp) and
// exports NODE_AUTH_TOKEN (the existing value, else the placeholder).
func WriteNPMRC(hostTemp, jobTemp, registryURL, scope, alwaysAuth, owner, existingToken string) (env map[string]string, err error) {
	if !strings.HasSuffix(registryURL, "/") {
		registryURL += "/"
	}
	if scope == "" && strings.Contains(registryURL, "npm.pkg.github.com") {
		scope = owner
	}
	if scope != "" && !strings.HasPrefix(scope, "@") {
		scope = "@" + scope
	}
	if scope != "" {
		scope = strings.ToLower(scope) + ":"
	}
	if alwaysAuth == "" {
		alwaysAuth = "false" // action.yml's default
	}
	file := filepath.Join(hostTemp, ".npmrc")
	var b strings.Builder
	old, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("registry-url: %w", err)
	}
	if err == nil {
		// Upstream splits on os.EOL and re-adds it after every kept line,
		// the last one included; the same bytes come out here.
		for _, line := range strings.Split(string(old), "\n") {
			if !strings.HasPrefix(strings.ToLower(line), scope+"registry") {
				b.WriteString(line + "\n")
			}
		}
	}
	auth := urlScheme.ReplaceAllString(registryURL, "") + ":_authToken=${NODE_AUTH_TOKEN}"
	fmt.Fprintf(&b, "%s\n%sregistry=%s\nalways-auth=%s", auth, scope, registryURL, alwaysAuth)
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		return nil, fmt.Errorf("registry-url: %w", err)
	}
	token := existingToken
	if token == "" {
		token = placeholderToken
	}
	return map[string]string{
		"NPM_CONFIG_USERCONFIG": path.Join(jobTemp, ".npmrc"), // a path inside the Linux job
		"NODE_AUTH_TOKEN":       token,
	}, nil
}
