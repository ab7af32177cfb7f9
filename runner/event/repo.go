package event

import (
	"context"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// builder holds the facts of one Synthesize call; the per-event files add
// methods that turn them into payloads.
type builder struct {
	o             Options
	hints         map[string]any // the -e payload, read for fields that steer synthesis
	g             git
	branch        string // current branch, "" when detached
	site          site
	actor, email  string
	defaultBranch string
	now           time.Time
	refs          map[string]refInfo // refs read so far
	absent        map[string]bool    // names known not to be refs
}

func newBuilder(ctx context.Context, o Options, hints map[string]any) (*builder, error) {
	b := &builder{o: o, hints: hints, g: git{dir: o.Dir}, now: o.Now(),
		refs: map[string]refInfo{}, absent: map[string]bool{}}
	top, err := b.g.toplevel(ctx)
	if err != nil {
		return nil, err
	}
	if b.branch, err = b.g.currentBranch(ctx); err != nil {
		return nil, err
	}
	cfg, err := b.g.config(ctx)
	if err != nil {
		return nil, err
	}
	full, err := repositoryName(o.Repository, cfg["remote.origin.url"], top)
	if err != nil {
		return nil, err
	}
	b.site = newSite(o.ServerURL, full)
	b.actor = firstOf(o.Actor, cfg["user.name"], "gantry")
	b.email = cfg["user.email"]
	// One for-each-ref answers the default-branch question and the
	// usual --ref names together; later lookups hit the cache.
	if _, err := b.lookup(ctx, b.prefetchNames()...); err != nil {
		return nil, err
	}
	if b.defaultBranch, err = b.findDefaultBranch(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *builder) prefetchNames() []string {
	names := []string{"refs/remotes/origin/HEAD", "refs/heads/main", "refs/heads/master"}
	if b.branch != "" {
		names = append(names, "refs/heads/"+b.branch)
	}
	if r := b.o.Ref; strings.HasPrefix(r, "refs/") {
		names = append(names, r)
	} else if r != "" {
		names = append(names, "refs/tags/"+r, "refs/heads/"+r, "refs/remotes/origin/"+r)
	}
	return names
}

// findDefaultBranch is what origin says its HEAD is; without that, main or
// master when they exist, else the current branch, else "main".
func (b *builder) findDefaultBranch(ctx context.Context) (string, error) {
	if hint := str(b.hints, "repository", "default_branch"); hint != "" {
		return hint, nil
	}
	found, err := b.lookup(ctx, "refs/remotes/origin/HEAD", "refs/heads/main", "refs/heads/master")
	if err != nil {
		return "", err
	}
	if target := found["refs/remotes/origin/HEAD"].symref; strings.HasPrefix(target, "refs/remotes/origin/") {
		return strings.TrimPrefix(target, "refs/remotes/origin/"), nil
	}
	for _, name := range []string{"main", "master"} {
		if _, ok := found["refs/heads/"+name]; ok {
			return name, nil
		}
	}
	return firstOf(b.branch, "main"), nil
}

// repositoryName is owner/name: given, else from origin's URL, else
// local/<work tree name>.
func repositoryName(given, originURL, top string) (string, error) {
	if given != "" {
		owner, name, ok := strings.Cut(given, "/")
		if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
			return "", errorf("repository %q is not owner/name", given)
		}
		return given, nil
	}
	if full, ok := parseRemote(originURL); ok {
		return full, nil
	}
	return "local/" + filepath.Base(top), nil
}

// scpLike is git's user@host:path form. Like git, a colon before the
// first slash makes it one (so /a/b:c is a path, not a host).
var scpLike = regexp.MustCompile(`^(?:[^@/:]+@)?([^/:]+):(.*)$`)

// parseRemote takes owner/name from the last two path segments of a
// remote URL (https://host/owner/name.git, git@host:owner/name.git,
// ssh://git@host:22/owner/name.git, git://...). Local paths and file://
// remotes name no GitHub repository.
func parseRemote(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	var path string
	if strings.Contains(raw, "://") {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return "", false
		}
		switch strings.ToLower(u.Scheme) {
		case "http", "https", "ssh", "git", "git+ssh", "ssh+git":
			path = u.Path
		default:
			return "", false
		}
	} else if m := scpLike.FindStringSubmatch(raw); m != nil && len(m[1]) > 1 {
		// A one-letter "host" is a Windows drive (C:\repo or C:/repo).
		path = m[2]
	} else {
		return "", false
	}
	path = strings.TrimSuffix(strings.Trim(path, "/"), ".git")
	parts := strings.Split(path, "/")
	if len(parts) < 2 || parts[len(parts)-2] == "" || parts[len(parts)-1] == "" {
		return "", false
	}
	return parts[len(parts)-2] + "/" + parts[len(parts)-1], true
}
