package runner

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResolveShell(t *testing.T) {
	path := func(ext string) string { return "/tmp/s" + ext }
	tests := []struct {
		shell   string
		hasBash bool
		want    []string
		wantErr bool
	}{
		{"", true, []string{"bash", "-e", "/tmp/s.sh"}, false},
		{"", false, []string{"sh", "-e", "/tmp/s.sh"}, false},
		{"bash", true, []string{"bash", "--noprofile", "--norc", "-eo", "pipefail", "/tmp/s.sh"}, false},
		{"sh", true, []string{"sh", "-e", "/tmp/s.sh"}, false},
		{"python", true, []string{"python3", "/tmp/s.py"}, false},
		{"pwsh", true, []string{"pwsh", "-command", ". '/tmp/s.ps1'"}, false},
		{"perl {0}", true, []string{"perl", "/tmp/s.sh"}, false},
		{"bash -x {0}", true, []string{"bash", "-x", "/tmp/s.sh"}, false},
		{"perl", true, nil, true},
		{"cmd", true, nil, true},
	}
	for _, tt := range tests {
		got, err := resolveShell(tt.shell, tt.hasBash, path)
		if (err != nil) != tt.wantErr {
			t.Errorf("shell %q: err = %v", tt.shell, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.argv); diff != "" {
			t.Errorf("shell %q (-want +got):\n%s", tt.shell, diff)
		}
	}
}
