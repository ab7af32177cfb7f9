package registry

import "testing"

// FuzzParseChallenges: any WWW-Authenticate value parses, and terminates.
func FuzzParseChallenges(f *testing.F) {
	f.Add(`Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a:pull,push"`)
	f.Add(`Basic realm="x \"y\""`)
	f.Add(`Bearer realm=a, ,=,"`)
	f.Fuzz(func(t *testing.T, v string) {
		for _, ch := range parseChallenges([]string{v}) {
			if ch.scheme == "" {
				t.Fatalf("empty scheme from %q", v)
			}
		}
	})
}
