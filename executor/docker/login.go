package docker

import (
	"context"
	"errors"
	"fmt"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/registry"

	"github.com/gantry-ci/gantry/executor"
)

// RegistryAuth is a login for one registry (the contract's type).
type RegistryAuth = executor.RegistryAuth

// dockerHubIndex is the key the engine and the docker CLI file Docker Hub
// credentials under.
const dockerHubIndex = "https://index.docker.io/v1/"

// authKey is the server address to give the engine for a login: Docker Hub's
// index URL for Docker Hub (as the CLI sends it), host[:port] otherwise.
func authKey(server string) string {
	if h := executor.RegistryHost(server); h != "docker.io" {
		return h
	}
	return dockerHubIndex
}

func authConfig(a RegistryAuth) registry.AuthConfig {
	return registry.AuthConfig{Username: a.Username, Password: a.Password, ServerAddress: authKey(a.ServerAddress)}
}

// Login checks the credentials against the registry through the engine
// (POST /auth, what `docker login` does). It stores nothing: callers pass the
// auth to Build and Push. A refusal is one line naming the registry and what
// the registry answered; it satisfies cerrdefs.IsUnauthorized.
func (e *Engine) Login(ctx context.Context, auth RegistryAuth) error {
	host := executor.RegistryHost(auth.ServerAddress)
	switch {
	case auth.Username == "" && auth.Password == "":
		return fmt.Errorf("login to %s: username and password required", host)
	case auth.Username == "":
		return fmt.Errorf("login to %s: username required", host)
	case auth.Password == "":
		return fmt.Errorf("login to %s: password required", host)
	}
	_, err := e.api.RegistryLogin(ctx, authConfig(auth))
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("login to %s: %w", host, ctx.Err())
	}
	msg := engineMessage(err, auth.Password)
	if loginRefused(err) {
		return &engineError{msg: fmt.Sprintf("login to %s refused: %s", host, msg), err: err, is: cerrdefs.ErrUnauthenticated}
	}
	return &engineError{msg: fmt.Sprintf("login to %s failed: %s", host, msg), err: err}
}

// loginRefused tells a registry's refusal from a failure to reach it. Engines
// before 23.0 answer a refused login with a 500 whose message carries the
// registry's status ("login attempt to http://…/v2/ failed with status: 401
// Unauthorized"); later ones answer 401.
func loginRefused(err error) bool {
	if cerrdefs.IsUnauthorized(err) || cerrdefs.IsPermissionDenied(err) {
		return true
	}
	m := strings.ToLower(err.Error())
	for _, s := range []string{"status: 401", "status: 403", "unauthorized:", "incorrect username or password"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// engineMessage is an engine error as one line without the client's "Error
// response from daemon:" prefix, with any secret blanked out (the engine does
// not echo passwords; this makes sure of it).
func engineMessage(err error, secrets ...string) string {
	return scrub(strings.TrimPrefix(oneLine(err.Error()), "Error response from daemon: "), secrets...)
}

func scrub(s string, secrets ...string) string {
	for _, secret := range secrets {
		// A very short secret would blank out ordinary letters; it is also
		// too short to be worth hiding.
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "***")
		}
	}
	return s
}

// errNoCredentials is the mismatch of a credential and the registry it is
// used for: sending it anyway would hand a password to the wrong server.
var errNoCredentials = errors.New("credentials are for another registry")

// authFor checks that auth belongs to host and encodes it for the engine's
// X-Registry-Auth header ("" when there is no login).
func authFor(host string, auth RegistryAuth) (string, error) {
	if auth == (RegistryAuth{}) {
		return "", nil
	}
	if got := executor.RegistryHost(auth.ServerAddress); got != host {
		return "", fmt.Errorf("%w (%s, not %s)", errNoCredentials, got, host)
	}
	return registry.EncodeAuthConfig(authConfig(auth))
}
