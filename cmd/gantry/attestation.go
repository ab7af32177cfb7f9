package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/gantry-ci/gantry/executor/actions"
	"github.com/gantry-ci/gantry/executor/attest"
	"github.com/gantry-ci/gantry/executor/registry"
)

// attestation is `gantry attestation verify IMAGE@DIGEST`: finds the
// provenance attached to the image in its registry and checks it against
// gantry's local key.
func (c *Command) attestation(args []string) int {
	fs := c.newFlags("attestation")
	key := fs.String("key", defaultConfigFile("attestation-key.pem.pub"), "the public key `FILE` to verify with")
	var maps multiFlag
	fs.Var(&maps, "registry-map", "read registry FROM at TO instead, `FROM=TO` (repeatable)")
	user := fs.String("username", "", "the registry `USER` (the password comes from GANTRY_REGISTRY_PASSWORD)")
	rest, code, ok := c.parse(fs, "attestation", args)
	if !ok {
		return code
	}
	if len(rest) != 2 || rest[0] != "verify" || !strings.Contains(rest[1], "@sha256:") {
		fmt.Fprintln(c.Stderr, "gantry attestation: want verify IMAGE@sha256:DIGEST")
		return ExitUsage
	}
	m, err := keyValues(maps, "=", false, os.LookupEnv)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry attestation: --registry-map: %v\n", err)
		return ExitUsage
	}
	image, digest, _ := strings.Cut(rest[1], "@")
	if err := c.verify(image, digest, *key, *user, actions.RegistryMap(m)); err != nil {
		fmt.Fprintf(c.Stderr, "gantry attestation: %s@%s: %v\n", image, digest, err)
		return ExitFailure
	}
	return ExitOK
}

func (c *Command) verify(image, digest, keyFile, user string, m actions.RegistryMap) error {
	pub, err := os.ReadFile(keyFile)
	if err != nil {
		return fmt.Errorf("public key: %w", err)
	}
	host, repo := actions.SplitReference(m.Ref(strings.ToLower(image)))
	client := registry.New(host, &registry.Auth{Username: user, Password: os.Getenv("GANTRY_REGISTRY_PASSWORD")}, nil)
	bundles, err := attest.Find(context.Background(), client, repo, digest)
	if err != nil {
		return err
	}
	if len(bundles) == 0 {
		return fmt.Errorf("no attestation is attached in %s/%s", host, repo)
	}
	var lastErr error
	for _, b := range bundles {
		st, err := attest.Verify(pub, b, digest)
		if err != nil {
			lastErr = err
			continue
		}
		fmt.Fprintf(c.Stdout, "verified: %s@%s\n%s", image, digest, st.Summary())
		return nil
	}
	return fmt.Errorf("%d attestation(s) found, none verifies: %w", len(bundles), lastErr)
}
