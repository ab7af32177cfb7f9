package registry

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// AuthError is a registry (or its token service) refusing the credentials,
// or asking for some when the client has none. The message never holds the
// password.
type AuthError struct {
	Host   string
	Status int
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("registry %s refused the login (HTTP %d)", e.Host, e.Status)
}

// credState is what a client learned from the challenges it was sent:
// whether the registry takes Basic credentials on every request, and the
// Bearer tokens fetched so far, one per scope.
type credState struct {
	mu     sync.Mutex
	basic  bool
	tokens map[string]bearerToken
}

type bearerToken struct {
	value   string
	expires time.Time
}

func newCredState() *credState { return &credState{tokens: map[string]bearerToken{}} }

// header is the Authorization value for a request in scope, or "" when the
// client has yet to be challenged (the first request goes out bare so the
// registry can say which scheme it wants).
func (s *credState) header(a *Auth, scope string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.basic && a != nil {
		return "Basic " + basicValue(a)
	}
	if t, ok := s.tokens[scope]; ok && time.Now().Before(t.expires) {
		return "Bearer " + t.value
	}
	return ""
}

func (s *credState) setBasic() {
	s.mu.Lock()
	s.basic = true
	s.mu.Unlock()
}

func (s *credState) setToken(scope string, t bearerToken) {
	s.mu.Lock()
	s.tokens[scope] = t
	s.mu.Unlock()
}

func basicValue(a *Auth) string {
	return base64.StdEncoding.EncodeToString([]byte(a.Username + ":" + a.Password))
}

// authorize answers a 401's challenge: Basic means sending the login with
// every request (Debian's docker-registry with htpasswd); Bearer means
// trading the login for a token at the realm (Docker Hub, ghcr.io).
func (c *Client) authorize(ctx context.Context, h http.Header, scope string) error {
	var basic, bearer *challenge
	for _, ch := range parseChallenges(h.Values("Www-Authenticate")) {
		switch ch.scheme {
		case "basic":
			basic = &ch
		case "bearer":
			bearer = &ch
		}
	}
	switch {
	case bearer != nil:
		// Ask for what this operation needs as well as what the challenge
		// names: registries challenge a HEAD with the pull scope only, and a
		// pull token would be refused at the upload that follows.
		var scopes []string
		for _, s := range []string{scope, bearer.params["scope"]} {
			if s != "" && !slices.Contains(scopes, s) {
				scopes = append(scopes, s)
			}
		}
		t, err := c.fetchToken(ctx, bearer.params["realm"], bearer.params["service"], scopes)
		if err != nil {
			return err
		}
		c.creds.setToken(scope, t)
		return nil
	case basic != nil && c.auth != nil:
		c.creds.setBasic()
		return nil
	}
	return &AuthError{Host: c.host, Status: http.StatusUnauthorized}
}

// fetchToken gets a Bearer token as the distribution token spec says: GET
// realm?service=…&scope=…, with the login as Basic credentials when there is
// one (anonymous pulls go without).
func (c *Client) fetchToken(ctx context.Context, realm, service string, scopes []string) (bearerToken, error) {
	u, err := url.Parse(realm)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return bearerToken{}, fmt.Errorf("registry %s: bad token realm %q", c.host, realm)
	}
	// A password must not cross the network in clear text; plain HTTP is
	// only acceptable to a realm on this machine.
	if c.auth != nil && u.Scheme == "http" && !isLoopback(u.Host) {
		return bearerToken{}, fmt.Errorf("registry %s: token realm %s is not HTTPS; refusing to send the login", c.host, u.Host)
	}
	q := u.Query()
	if service != "" {
		q.Set("service", service)
	}
	if len(scopes) > 0 {
		q["scope"] = scopes
	}
	if c.auth != nil && c.auth.Username != "" {
		q.Set("account", c.auth.Username)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return bearerToken{}, fmt.Errorf("registry %s: token request: %w", c.host, err)
	}
	if c.auth != nil {
		req.Header.Set("Authorization", "Basic "+basicValue(c.auth))
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return bearerToken{}, fmt.Errorf("registry %s: token service %s: %w", c.host, u.Host, err)
	}
	defer drain(resp)
	return c.readToken(resp, u.Host)
}

func (c *Client) readToken(resp *http.Response, realmHost string) (bearerToken, error) {
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return bearerToken{}, &AuthError{Host: c.host, Status: resp.StatusCode}
	case resp.StatusCode != http.StatusOK:
		return bearerToken{}, fmt.Errorf("registry %s: token service %s: HTTP %d", c.host, realmHost, resp.StatusCode)
	}
	var body struct {
		Token       string `json:"token"`
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err != nil {
		return bearerToken{}, fmt.Errorf("registry %s: token service %s: bad answer: %w", c.host, realmHost, err)
	}
	t := body.Token
	if t == "" {
		t = body.AccessToken
	}
	if t == "" {
		return bearerToken{}, fmt.Errorf("registry %s: token service %s gave no token", c.host, realmHost)
	}
	// The token spec's default lifetime is 60 s; renew a little early so a
	// token does not expire between the check and the request.
	life := time.Duration(body.ExpiresIn) * time.Second
	if life <= 0 {
		life = 60 * time.Second
	}
	return bearerToken{value: t, expires: time.Now().Add(life - life/10)}, nil
}

// challenge is one WWW-Authenticate challenge (RFC 7235), scheme lower-cased.
type challenge struct {
	scheme string
	params map[string]string
}

// parseChallenges reads one challenge per header value, which is how
// registries send them. Parameter values may be quoted and hold commas, as
// a scope of "repository:app:pull,push" does.
func parseChallenges(values []string) []challenge {
	var out []challenge
	for _, v := range values {
		v = strings.TrimSpace(v)
		scheme, rest, _ := strings.Cut(v, " ")
		if scheme == "" {
			continue
		}
		out = append(out, challenge{scheme: strings.ToLower(scheme), params: parseParams(rest)})
	}
	return out
}

func parseParams(s string) map[string]string {
	params := map[string]string{}
	for {
		s = strings.TrimLeft(s, " ,\t")
		key, rest, ok := strings.Cut(s, "=")
		if !ok || key == "" {
			return params
		}
		key = strings.ToLower(strings.TrimSpace(key))
		var val string
		val, s = paramValue(strings.TrimLeft(rest, " \t"))
		params[key] = val
	}
}

// paramValue reads a token or a quoted string (with backslash escapes) and
// returns it with the rest of the input.
func paramValue(s string) (string, string) {
	if !strings.HasPrefix(s, `"`) {
		end := strings.IndexAny(s, ", \t")
		if end < 0 {
			return s, ""
		}
		return s[:end], s[end:]
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), ""
}
