package actions

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Credentials are one job's registry logins. They live in the job's own
// DOCKER_CONFIG directory (never the user's ~/.docker), so the docker CLI
// in the job's run steps uses them too, and they are gone when the job's
// directory is removed at its end.
type Credentials struct {
	mu    sync.Mutex
	dir   string // the DOCKER_CONFIG directory on the host
	auths map[string]login
}

type login struct{ username, password string }

// NewCredentials keeps logins in dir (created when the first is stored).
func NewCredentials(dir string) *Credentials {
	return &Credentials{dir: dir, auths: map[string]login{}}
}

// Dir is the DOCKER_CONFIG directory on the host.
func (c *Credentials) Dir() string { return c.dir }

// Set stores a login for host and rewrites config.json.
func (c *Credentials) Set(host, username, password string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.auths[normalizeHost(host)] = login{username, password}
	return c.write()
}

// Get returns the login for host, if any.
func (c *Credentials) Get(host string) (username, password string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.auths[normalizeHost(host)]
	return l.username, l.password, ok
}

// Clear drops every login (logout) and removes config.json.
func (c *Credentials) Clear() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.auths = map[string]login{}
	err := os.Remove(filepath.Join(c.dir, "config.json"))
	if os.IsNotExist(err) {
		return nil
	}
	return err
}

// write saves the logins in the docker CLI's config.json format.
func (c *Credentials) write() error {
	type entry struct {
		Auth string `json:"auth"`
	}
	cfg := struct {
		Auths map[string]entry `json:"auths"`
	}{Auths: map[string]entry{}}
	for host, l := range c.auths {
		key := host
		if host == "docker.io" {
			key = "https://index.docker.io/v1/" // where the docker CLI looks for Docker Hub
		}
		cfg.Auths[key] = entry{Auth: base64.StdEncoding.EncodeToString([]byte(l.username + ":" + l.password))}
	}
	data, err := json.MarshalIndent(cfg, "", "\t")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	tmp := filepath.Join(c.dir, ".config.json.tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	return os.Rename(tmp, filepath.Join(c.dir, "config.json"))
}

// normalizeHost names Docker Hub one way, whatever the user wrote.
func normalizeHost(host string) string {
	h := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(host, "https://"), "http://"), "/")
	switch h {
	case "", "docker.io", "index.docker.io", "registry-1.docker.io", "index.docker.io/v1":
		return "docker.io"
	}
	return h
}

// RegistryMap sends logins and pushes for one registry to another
// (--registry-map ghcr.io=127.0.0.1:5000), so a publishing workflow can be
// tried against a local registry.
type RegistryMap map[string]string

// Host maps a registry host; docker.io covers names without a host.
func (m RegistryMap) Host(host string) string {
	if to, ok := m[normalizeHost(host)]; ok {
		return to
	}
	return normalizeHost(host)
}

// Ref maps an image reference's registry, keeping the rest as written. A
// reference whose host is unchanged is returned as it was.
func (m RegistryMap) Ref(ref string) string {
	host, rest := splitHost(ref)
	to := m.Host(host)
	if to == normalizeHost(host) {
		return ref
	}
	return to + "/" + rest
}

// splitHost splits an image reference into its registry host and the rest,
// as docker does: the first component is a host when it has a '.' or ':'
// or is localhost.
func splitHost(ref string) (host, rest string) {
	first, after, ok := strings.Cut(ref, "/")
	if ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		return first, after
	}
	if !ok {
		return "docker.io", "library/" + ref
	}
	return "docker.io", ref
}

// SplitReference splits an image name into its registry host and
// repository, as docker does (docker.io and library/ for short names).
func SplitReference(name string) (host, repo string) {
	host, repo = splitHost(name)
	return normalizeHost(host), repo
}
