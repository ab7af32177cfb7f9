package docker

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/docker/docker/client"
)

// pingTimeout bounds the first contact with the engine, so a DOCKER_HOST that
// points at something silent fails in seconds instead of hanging the run.
const pingTimeout = 15 * time.Second

// Engine is a connection to one Docker engine. It is safe for concurrent use.
type Engine struct {
	api  *client.Client
	host string
}

// New connects to the engine named by DOCKER_HOST (or the default local
// socket) and negotiates the API version with it. When no engine answers, the
// error is one line that names the host and the cause.
func New(ctx context.Context) (*Engine, error) {
	api, err := client.NewClientWithOpts(client.FromEnv, client.WithAPIVersionNegotiation())
	if err != nil {
		return nil, noEngine(client.DefaultDockerHost, err)
	}
	host := api.DaemonHost()
	pctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	// Ping is what negotiates the version: every later call then speaks the
	// engine's API (1.41 for the 20.10 test engine) instead of the client's.
	if _, err := api.Ping(pctx); err != nil {
		_ = api.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, noEngine(host, connectCause(pctx, host, err))
	}
	return &Engine{api: api, host: host}, nil
}

// Close releases the client's connections. Containers are not touched.
func (e *Engine) Close() error {
	return e.api.Close()
}

// Host is the engine address, e.g. unix:///var/run/docker.sock.
func (e *Engine) Host() string {
	return e.host
}

// Remote reports whether the engine may run on another machine: anything but
// a unix socket. Host paths are then meaningless to the engine, so the runner
// copies the workspace in instead of bind-mounting it.
func (e *Engine) Remote() bool {
	return localSocket(e.host) == ""
}

// APIVersion is the negotiated Engine API version (for diagnostics).
func (e *Engine) APIVersion() string {
	return e.api.ClientVersion()
}

// localSocket returns the socket path of a unix:// host, or "" for any other.
func localSocket(host string) string {
	u, err := url.Parse(host)
	if err != nil || u.Scheme != "unix" {
		return ""
	}
	return u.Path
}

func noEngine(host string, cause error) error {
	return fmt.Errorf("no Docker engine at %s: %s (start one, or set DOCKER_HOST)", host, oneLine(cause.Error()))
}

// connectCause finds why the engine did not answer. The client turns a failed
// dial into "Cannot connect to the Docker daemon ... Is the docker daemon
// running?", which hides the reason (no socket, refused, permission denied);
// dialling once ourselves recovers it.
func connectCause(ctx context.Context, host string, pingErr error) error {
	if !client.IsErrConnectionFailed(pingErr) {
		return pingErr
	}
	u, err := url.Parse(host)
	if err != nil {
		return pingErr
	}
	network, addr := u.Scheme, u.Host
	switch u.Scheme {
	case "unix":
		addr = u.Path
	case "tcp", "http", "https":
		network = "tcp"
	default:
		return pingErr
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return err
	}
	_ = conn.Close()
	return pingErr
}

// oneLine folds a multi-line message (the client and daemon both produce
// them) so that every error gantry prints stays on one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	return strings.Join(fields, "; ")
}

// cleanupContext is for undoing work after ctx may already be cancelled:
// leaving a container behind because the user pressed Ctrl-C is exactly what
// must not happen, so cleanup gets its own bounded deadline.
func cleanupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
}
