package main

import (
	"fmt"
	"os"

	"github.com/gantry-ci/gantry/runner"
)

// runValues are the parsed maps of `gantry run`'s repeatable flags.
type runValues struct {
	inputs, secrets, vars, env, platforms, matrix, registryMap map[string]string
}

func (f *runFlags) values() (runValues, error) {
	var v runValues
	var err error
	if v.inputs, err = keyValues(f.inputs, "=", false, os.LookupEnv); err != nil {
		return v, fmt.Errorf("--input: %w", err)
	}
	if v.secrets, err = fileThenFlags(f.secretFile, f.secrets, true); err != nil {
		return v, fmt.Errorf("secrets: %w", err)
	}
	if v.vars, err = fileThenFlags(f.varFile, f.vars, false); err != nil {
		return v, fmt.Errorf("vars: %w", err)
	}
	if v.env, err = fileThenFlags(f.envFile, f.env, false); err != nil {
		return v, fmt.Errorf("env: %w", err)
	}
	mapped, err := keyValues(f.platforms, "=", false, os.LookupEnv)
	if err != nil {
		return v, fmt.Errorf("-P: %w", err)
	}
	v.platforms = merge(runner.DefaultPlatforms(), mapped)
	if v.matrix, err = keyValues(f.matrix, ":", false, os.LookupEnv); err != nil {
		return v, fmt.Errorf("--matrix: %w", err)
	}
	if v.registryMap, err = keyValues(f.registryMap, "=", false, os.LookupEnv); err != nil {
		return v, fmt.Errorf("--registry-map: %w", err)
	}
	switch f.pull {
	case "always", "missing", "never":
	default:
		return v, fmt.Errorf("--pull must be always, missing or never, not %q", f.pull)
	}
	return v, nil
}

// fileThenFlags reads a dotenv file, then applies flag values over it.
func fileThenFlags(file string, items []string, fromEnv bool) (map[string]string, error) {
	out := map[string]string{}
	if file != "" {
		m, err := readDotenv(file)
		if err != nil {
			return nil, err
		}
		out = m
	}
	m, err := keyValues(items, "=", fromEnv, os.LookupEnv)
	if err != nil {
		return nil, err
	}
	return merge(out, m), nil
}
