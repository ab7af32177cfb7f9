package main

import "fmt"

// attestation is `gantry attestation verify IMAGE@DIGEST`.
func (c *Command) attestation(args []string) int {
	fs := c.newFlags("attestation")
	_, code, ok := c.parse(fs, "attestation", args)
	if !ok {
		return code
	}
	fmt.Fprintln(c.Stderr, "gantry attestation: not built yet (built-in attest-build-provenance comes with the Docker actions)")
	return ExitFailure
}
