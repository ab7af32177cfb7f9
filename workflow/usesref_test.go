package workflow

import "testing"

func TestParseUses(t *testing.T) {
	tests := []struct {
		in      string
		job     bool
		want    Uses
		wantErr string
	}{
		{in: "./.github/actions/build", want: Uses{Kind: UsesLocal, Path: "./.github/actions/build"}},
		{in: "actions/checkout@v4", want: Uses{Kind: UsesRemote, Owner: "actions", Repo: "checkout", Ref: "v4"}},
		{in: "github/codeql-action/init@v3", want: Uses{Kind: UsesRemote, Owner: "github", Repo: "codeql-action", Dir: "init", Ref: "v3"}},
		{in: "octo/repo/a/b@0123456789abcdef0123456789abcdef01234567",
			want: Uses{Kind: UsesRemote, Owner: "octo", Repo: "repo", Dir: "a/b", Ref: "0123456789abcdef0123456789abcdef01234567"}},
		{in: "docker://alpine:3.19", want: Uses{Kind: UsesDocker, Image: "alpine:3.19"}},
		{in: "docker://", wantErr: "docker://: no image after docker://"},
		{in: "actions/checkout", wantErr: "actions/checkout: a remote action needs a version (owner/name@ref)"},
		{in: "checkout@v4", wantErr: "checkout@v4: want owner/repo[/path]@ref"},
		{in: "", wantErr: "uses is empty"},
		{in: "./.github/workflows/build.yml", job: true, want: Uses{Kind: UsesReusable, Path: "./.github/workflows/build.yml"}},
		{in: "octo/ci/.github/workflows/test.yaml@main", job: true,
			want: Uses{Kind: UsesReusable, Owner: "octo", Repo: "ci", Dir: ".github/workflows/test.yaml", Ref: "main"}},
		{in: "./build.yml", job: true, wantErr: "./build.yml: a local reusable workflow is ./.github/workflows/FILE.yml"},
		{in: "octo/ci/.github/workflows/test.yml", job: true,
			wantErr: "octo/ci/.github/workflows/test.yml: a remote reusable workflow needs a version (owner/repo/.github/workflows/FILE.yml@ref)"},
		{in: "octo/ci@v1", job: true, wantErr: "octo/ci@v1: a reusable workflow is owner/repo/.github/workflows/FILE.yml@ref"},
	}
	for _, tt := range tests {
		got, err := ParseUses(tt.in, tt.job)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseUses(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		tt.want.Raw = tt.in
		if err != nil || got != tt.want {
			t.Errorf("ParseUses(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}
