package event

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"
)

// site builds the URLs and objects GitHub puts in every payload.
type site struct {
	server   string // https://github.com
	api      string // https://api.github.com, or <server>/api/v3 for GHES
	fullName string // owner/name
	owner    string
	name     string
}

func newSite(server, fullName string) site {
	server = strings.TrimRight(server, "/")
	api := server + "/api/v3"
	if server == "https://github.com" {
		api = "https://api.github.com"
	}
	owner, name, _ := strings.Cut(fullName, "/")
	return site{server: server, api: api, fullName: fullName, owner: owner, name: name}
}

func (s site) htmlURL() string { return s.server + "/" + s.fullName }
func (s site) apiURL() string  { return s.api + "/repos/" + s.fullName }

// numericID stands in for GitHub's database ids: stable for a name, so the
// same repository or user gets the same id in every run. 32 bits keep it
// exact as a JSON number (float64).
func numericID(kind, name string) float64 {
	h := fnv.New32a()
	h.Write([]byte(kind + ":" + name))
	return float64(h.Sum32())
}

// user is a GitHub user object (sender, owner, PR and release authors).
func (s site) user(login string) map[string]any {
	return map[string]any{
		"login":      login,
		"id":         numericID("user", login),
		"type":       "User",
		"site_admin": false,
		"html_url":   s.server + "/" + login,
		"url":        s.api + "/users/" + login,
	}
}

// repository is the payload's repository object. Push payloads differ
// from every other event's: created_at/pushed_at are Unix seconds there,
// ISO 8601 strings elsewhere, and only there the owner has name and email
// and the repository has master_branch.
func (s site) repository(defaultBranch string, now time.Time, push bool) map[string]any {
	owner := s.user(s.owner)
	created, pushed := any(isoTime(now)), any(isoTime(now))
	if push {
		owner["name"], owner["email"] = s.owner, nil
		created, pushed = float64(now.Unix()), float64(now.Unix())
	}
	repo := map[string]any{
		"id": numericID("repo", s.fullName), "name": s.name, "full_name": s.fullName,
		"owner": owner, "private": false, "visibility": "public", "fork": false,
		"html_url": s.htmlURL(), "url": s.apiURL(), "description": nil, "homepage": nil,
		"clone_url": s.htmlURL() + ".git", "git_url": "git://" + s.host() + "/" + s.fullName + ".git",
		"ssh_url": "git@" + s.host() + ":" + s.fullName + ".git", "svn_url": s.htmlURL(),
		"default_branch": defaultBranch, "topics": []any{}, "license": nil,
		"archived": false, "disabled": false, "is_template": false,
		"created_at": created, "updated_at": isoTime(now), "pushed_at": pushed,
	}
	if push {
		repo["master_branch"] = defaultBranch
	}
	return repo
}

func (s site) host() string {
	_, host, _ := strings.Cut(s.server, "://")
	return host
}

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// normalize deep-copies the -e payload into JSON-like values (float64
// numbers, []any, map[string]any), so that what expressions see is what
// the event file said and the caller's maps are never aliased.
func normalize(p map[string]any) (map[string]any, error) {
	if p == nil {
		return map[string]any{}, nil
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("event: event payload: %w", err)
	}
	out := map[string]any{}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("event: event payload: %w", err)
	}
	return out, nil
}

// merge lays src over dst: objects merge key by key, anything else in src
// (arrays included) replaces what dst had.
func merge(dst, src map[string]any) {
	for k, v := range src {
		sub, isMap := v.(map[string]any)
		have, hadMap := dst[k].(map[string]any)
		if isMap && hadMap {
			merge(have, sub)
			continue
		}
		dst[k] = v
	}
}

// str is the string at path in a payload, or "".
func str(m map[string]any, path ...string) string {
	s, _ := lookupPath(m, path).(string)
	return s
}

func lookupPath(m map[string]any, path []string) any {
	var v any = m
	for _, k := range path {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = obj[k]
	}
	return v
}

// formatID writes an id as it appears in API URLs.
func formatID(id float64) string { return strconv.FormatFloat(id, 'f', 0, 64) }
