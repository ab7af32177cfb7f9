package docker

import "testing"

func TestOrphaned(t *testing.T) {
	alive := func(pid int) bool { return pid == 100 }
	owner := func(pid, boot, host string) map[string]string {
		return map[string]string{LabelOwnerPID: pid, LabelOwnerBoot: boot, LabelOwnerHost: host}
	}
	tests := []struct {
		what   string
		labels map[string]string
		boot   string
		want   bool
	}{
		{"its process is gone", owner("200", "b1", "vm"), "b1", true},
		{"its process is alive", owner("100", "b1", "vm"), "b1", false},
		{"another machine's", owner("200", "b1", "elsewhere"), "b1", false},
		{"made before a reboot, even by a pid alive now", owner("100", "b0", "vm"), "b1", true},
		{"no boot id here to compare", owner("100", "b0", "vm"), "", false},
		{"a pid that is not a number", owner("x", "b1", "vm"), "b1", false},
		{"no owner labels at all", map[string]string{}, "b1", false},
	}
	for _, tt := range tests {
		if got := orphaned(tt.labels, "vm", tt.boot, alive); got != tt.want {
			t.Errorf("%s: orphaned = %v, want %v", tt.what, got, tt.want)
		}
	}
}
