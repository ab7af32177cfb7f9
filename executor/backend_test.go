package executor

import "testing"

func TestPaths(t *testing.T) {
	p := Paths{
		{Source: "/var/gantry/leg/workspace", Target: "/home/runner/work/app/app"},
		{Source: "/var/gantry/leg/temp/", Target: "/home/runner/work/_temp"},
		{Source: "/root/.cache/gantry/toolcache", Target: "/opt/hostedtoolcache"},
	}
	tests := []struct{ host, job string }{
		{"/var/gantry/leg/workspace", "/home/runner/work/app/app"},
		{"/var/gantry/leg/workspace/src/a.go", "/home/runner/work/app/app/src/a.go"},
		{"/var/gantry/leg/temp/_runner_file_commands", "/home/runner/work/_temp/_runner_file_commands"},
		{"/root/.cache/gantry/toolcache/node/14.21.3/x64", "/opt/hostedtoolcache/node/14.21.3/x64"},
		{"/var/gantry/leg/workspace-other", "/var/gantry/leg/workspace-other"}, // a sibling, not inside
		{"/etc/passwd", "/etc/passwd"},
	}
	for _, tt := range tests {
		if got := p.Job(tt.host); got != tt.job {
			t.Errorf("Job(%q) = %q, want %q", tt.host, got, tt.job)
		}
		if got := p.Host(tt.job); got != tt.host {
			t.Errorf("Host(%q) = %q, want %q", tt.job, got, tt.host)
		}
	}
}

// On the host backend the job sees host paths as they are.
type sourceBackend struct{ Backend }

func (sourceBackend) Where(m Mount) string { return m.Source }

func TestPathsForHostBackend(t *testing.T) {
	p := PathsFor(sourceBackend{}, []Mount{{Source: "/tmp/ws", Target: "/home/runner/work/a/a"}})
	if got := p.Job("/tmp/ws/x"); got != "/tmp/ws/x" {
		t.Errorf("Job = %q, want the host path", got)
	}
}
