package actions

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/gantry-ci/gantry/executor"
)

// dockerLogin is docker/login-action: the credentials are checked against
// the registry through the engine and kept in the job's own DOCKER_CONFIG,
// for later built-in steps and the docker CLI in run steps. They go when
// the job ends, which is what logout: true asks for.
type dockerLogin struct{}

func (dockerLogin) Inputs() []Input {
	return []Input{
		{Name: "registry"}, {Name: "username"}, {Name: "password"}, {Name: "scope"},
		{Name: "ecr", Default: "auto"}, {Name: "logout", Default: "true"}, {Name: "registry-auth"},
	}
}

var ecrRE = regexp.MustCompile(`^(([0-9]{12})\.dkr\.ecr\.[^.]+\.amazonaws\.com(\.cn)?|public\.ecr\.aws)$`)

func (dockerLogin) Run(ctx context.Context, s *Step) (*Result, error) {
	if s.Inputs["registry-auth"] != "" {
		return nil, errors.New("registry-auth is not supported by gantry yet; use one login step per registry")
	}
	user, pass := s.Inputs["username"], s.Inputs["password"]
	if err := checkLogin(user, pass); err != nil {
		return nil, err
	}
	s.Mask(pass)
	registry := s.Inputs["registry"]
	if registry == "" {
		registry = "docker.io"
	}
	if ecr := s.Inputs["ecr"]; ecr == "true" || (ecr != "false" && ecrRE.MatchString(registry)) {
		return nil, fmt.Errorf("%s is Amazon ECR: logging in needs AWS, which gantry cannot reach offline", registry)
	}
	if s.Docker == nil {
		return nil, errors.New("docker/login-action needs the Docker engine")
	}
	target := s.RegistryMap.Host(registry)
	if target != normalizeHost(registry) {
		s.Log("Logging in to %s for %s (--registry-map)", target, registry)
	} else {
		s.Log("Logging in to %s...", registry)
	}
	if err := s.Docker.Login(ctx, executor.RegistryAuth{ServerAddress: target, Username: user, Password: pass}); err != nil {
		return nil, err
	}
	// The docker CLI in later run steps pushes to the host it is given, so
	// both names get the login.
	for _, host := range []string{registry, target} {
		if err := s.Credentials.Set(host, user, pass); err != nil {
			return nil, err
		}
	}
	s.Log("Login Succeeded!")
	return &Result{}, nil
}

// loginFor returns the job's login for an image reference's (mapped)
// registry.
func loginFor(s *Step, mappedRef string) executor.RegistryAuth {
	host, _ := splitHost(mappedRef)
	auth := executor.RegistryAuth{ServerAddress: normalizeHost(host)}
	if u, p, ok := s.Credentials.Get(host); ok {
		auth.Username, auth.Password = u, p
	}
	return auth
}

// checkLogin gives the real action's errors for missing credentials, in
// its words (capitalised, as users search for them).
func checkLogin(user, pass string) error {
	switch {
	case user == "" && pass == "":
		//lint:ignore ST1005 the real action's message
		return errors.New("Username and password required")
	case user == "":
		//lint:ignore ST1005 the real action's message
		return errors.New("Username required")
	case pass == "":
		//lint:ignore ST1005 the real action's message
		return errors.New("Password required")
	}
	return nil
}
