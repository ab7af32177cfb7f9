// Package serve is gantry serve: the daemon that takes events (webhooks,
// pushes to local bare repositories), queues runs in a bbolt store, runs
// them with the runner a few at a time and serves their history, live
// logs and artifacts.
package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the daemon's configuration: the YAML file, with flags laid over it.
type Config struct {
	Listen          string            `yaml:"listen"`           // host:port, 127.0.0.1:8765 by default
	DataDir         string            `yaml:"data"`             // runs.db, logs, artifacts, workspaces
	Capacity        int               `yaml:"capacity"`         // runs at once
	MaxJobs         int               `yaml:"max_jobs"`         // job legs at once within a run
	Token           string            `yaml:"token"`            // required for the API and page off loopback
	WebhookSecret   string            `yaml:"webhook_secret"`   // HMAC key of X-Hub-Signature-256
	ShutdownTimeout time.Duration     `yaml:"shutdown_timeout"` // how long running runs may finish on SIGTERM
	PollInterval    time.Duration     `yaml:"poll_interval"`    // how often watched repositories' refs are read
	Pull            string            `yaml:"pull"`             // always, missing or never
	Platforms       map[string]string `yaml:"platforms"`        // runs-on label → image
	RegistryMaps    map[string]string `yaml:"registry_maps"`    // registry host → the registry that stands in for it (--registry-map)
	Repositories    []Repository      `yaml:"repositories"`
}

// Repository is a repository on this machine that runs come from.
type Repository struct {
	Name    string            `yaml:"name"`  // owner/name, as webhooks' repository.full_name
	Path    string            `yaml:"path"`  // a local (usually bare) repository
	Watch   bool              `yaml:"watch"` // poll its refs for pushes
	Secrets map[string]string `yaml:"secrets"`
	Vars    map[string]string `yaml:"vars"`
}

// DefaultListen is where the daemon listens unless told otherwise.
const DefaultListen = "127.0.0.1:8765"

// LoadConfig reads a YAML config file; unknown keys are errors, so that a
// misspelt key is not silently ignored.
func LoadConfig(path string) (Config, error) {
	var c Config
	data, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) { // an empty file is an empty config
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Defaults fills what is unset.
func (c *Config) Defaults() {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.Capacity < 1 {
		c.Capacity = 1
	}
	if c.MaxJobs < 1 {
		c.MaxJobs = 4
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 5 * time.Second
	}
	if c.Pull == "" {
		c.Pull = "missing"
	}
	for i, r := range c.Repositories {
		if r.Name == "" {
			c.Repositories[i].Name = "local/" + strings.TrimSuffix(filepath.Base(r.Path), ".git")
		}
	}
}

// Validate reports a config the daemon cannot run with.
func (c *Config) Validate() error {
	if c.DataDir == "" {
		return errors.New("config: no data directory (data: or --data)")
	}
	if !Loopback(c.Listen) && c.Token == "" {
		return fmt.Errorf("config: listening on %s, off loopback, needs a token (token: or --token)", c.Listen)
	}
	seen := map[string]bool{}
	for _, r := range c.Repositories {
		if r.Path == "" {
			return fmt.Errorf("config: repository %q has no path", r.Name)
		}
		if seen[r.Name] {
			return fmt.Errorf("config: repository %q is listed twice", r.Name)
		}
		seen[r.Name] = true
	}
	return nil
}

// Loopback reports whether addr (host:port) listens on loopback only.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// repository finds a configured repository by owner/name or by path.
func (c *Config) repository(nameOrPath string) (Repository, bool) {
	for _, r := range c.Repositories {
		if r.Name == nameOrPath || r.Path == nameOrPath {
			return r, true
		}
	}
	if abs, err := filepath.Abs(nameOrPath); err == nil {
		for _, r := range c.Repositories {
			if p, _ := filepath.Abs(r.Path); p == abs {
				return r, true
			}
		}
	}
	return Repository{}, false
}
