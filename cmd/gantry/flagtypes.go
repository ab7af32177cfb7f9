package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// multiFlag collects a repeatable flag's values in order.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// keyValues turns NAME=VALUE items into a map. With fromEnv, a bare NAME
// takes its value from gantry's environment (as -s NAME does).
func keyValues(items []string, sep string, fromEnv bool, lookup func(string) (string, bool)) (map[string]string, error) {
	out := make(map[string]string, len(items))
	for _, it := range items {
		k, v, ok := strings.Cut(it, sep)
		if !ok && fromEnv {
			val, found := lookup(it)
			if !found {
				return nil, fmt.Errorf("%s is not set in the environment; pass %s%sVALUE", it, it, sep)
			}
			k, v, ok = it, val, true
		}
		if !ok || k == "" {
			return nil, fmt.Errorf("want NAME%sVALUE, got %q", sep, it)
		}
		out[k] = v
	}
	return out, nil
}

// readDotenv reads a dotenv file: NAME=VALUE lines, `export` prefixes,
// # comments, and values in single or double quotes.
func readDotenv(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			// The line may hold a secret: name the line, never its text.
			return nil, fmt.Errorf("%s:%d: want NAME=VALUE", path, n)
		}
		out[k] = unquote(strings.TrimSpace(v))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		inner := v[1 : len(v)-1]
		if v[0] == '"' {
			inner = strings.NewReplacer(`\n`, "\n", `\"`, `"`, `\\`, `\`).Replace(inner)
		}
		return inner
	}
	return v
}

// merge copies src over dst.
func merge(dst, src map[string]string) map[string]string {
	if dst == nil {
		dst = map[string]string{}
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}
