package setupnode

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWriteNPMRC(t *testing.T) {
	cases := []struct {
		name                      string
		existing                  *string
		url, scope, always, token string
		want                      string
		wantToken                 string
	}{
		{
			name: "fresh file", url: "https://registry.npmjs.org", always: "false",
			want:      "//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}\nregistry=https://registry.npmjs.org/\nalways-auth=false",
			wantToken: placeholderToken,
		},
		{
			// Lines are kept except the old registry line; always-auth
			// lines are not replaced (authutil.ts only drops registry).
			name: "existing kept, registry replaced", url: "https://npm.example.com/path/", always: "true", token: "s3cret",
			existing:  ptr("cache=/tmp/c\nregistry=https://old.example.com/\nalways-auth=false"),
			want:      "cache=/tmp/c\nalways-auth=false\n//npm.example.com/path/:_authToken=${NODE_AUTH_TOKEN}\nregistry=https://npm.example.com/path/\nalways-auth=true",
			wantToken: "s3cret",
		},
		{
			name: "github packages scopes to the owner", url: "https://npm.pkg.github.com", always: "false",
			existing:  ptr("@acme:registry=https://old/\nregistry=https://registry.npmjs.org/\n"),
			want:      "registry=https://registry.npmjs.org/\n\n//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}\n@acme:registry=https://npm.pkg.github.com/\nalways-auth=false",
			wantToken: placeholderToken,
		},
		{
			name: "explicit scope lower-cased, @ added", url: "https://npm.pkg.github.com/", scope: "MyOrg",
			want:      "//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}\n@myorg:registry=https://npm.pkg.github.com/\nalways-auth=false",
			wantToken: placeholderToken,
		},
	}
	for _, c := range cases {
		host := t.TempDir()
		if c.existing != nil {
			if err := os.WriteFile(filepath.Join(host, ".npmrc"), []byte(*c.existing), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		env, err := WriteNPMRC(host, "/home/runner/work/_temp", c.url, c.scope, c.always, "Acme", c.token)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, _ := os.ReadFile(filepath.Join(host, ".npmrc"))
		if diff := cmp.Diff(c.want, string(got)); diff != "" {
			t.Errorf("%s: .npmrc (-want +got):\n%s", c.name, diff)
		}
		wantEnv := map[string]string{"NPM_CONFIG_USERCONFIG": "/home/runner/work/_temp/.npmrc", "NODE_AUTH_TOKEN": c.wantToken}
		if diff := cmp.Diff(wantEnv, env); diff != "" {
			t.Errorf("%s: env (-want +got):\n%s", c.name, diff)
		}
	}
}

func ptr(s string) *string { return &s }
