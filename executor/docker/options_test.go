package docker

import (
	"slices"
	"strings"
	"testing"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/go-units"
	"github.com/google/go-cmp/cmp"
)

func TestSplitArgs(t *testing.T) {
	for in, want := range map[string][]string{
		"":                              nil,
		"  --cpus 1\t--memory=2g \n":    {"--cpus", "1", "--memory=2g"},
		`-e "A=x y" -e 'B=$HOME "q"'`:   {"-e", "A=x y", "-e", `B=$HOME "q"`},
		`-e "C=a\"b\\c\$d\n"`:           {"-e", `C=a"b\c$d\n`},
		`-e D=one\ two --label=x"y z"w`: {"-e", "D=one two", "--label=xy zw"},
		`-e E= -e ""`:                   {"-e", "E=", "-e", ""},
	} {
		got, err := splitArgs(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("splitArgs(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`-e "A=x`, `-e 'B`} {
		if _, err := splitArgs(in); err == nil {
			t.Errorf("splitArgs(%q): want an error", in)
		}
	}
}

func TestParseOptions(t *testing.T) {
	pids := int64(100)
	for _, tc := range []struct {
		in   string
		want jobOptions
	}{
		{"", jobOptions{}},
		{"--cpus=2 --cpu-shares 512 --cpuset-cpus 0-1", jobOptions{host: container.HostConfig{Resources: container.Resources{NanoCPUs: 2e9, CPUShares: 512, CpusetCpus: "0-1"}}}},
		{"-m 512m --memory-swap -1 --memory-reservation 256m --shm-size 1g --pids-limit 100",
			jobOptions{host: container.HostConfig{ShmSize: 1 << 30, Resources: container.Resources{Memory: 512 << 20, MemorySwap: -1, MemoryReservation: 256 << 20, PidsLimit: &pids}}}},
		{"-e A=1 --env B=2 -eC=3 -u 1001 -w /src", jobOptions{env: []string{"A=1", "B=2", "C=3"}, user: "1001", workdir: "/src"}},
		{"-v /a:/b --volume=cache:/c:rw --tmpfs /run:size=64m --read-only",
			jobOptions{host: container.HostConfig{Binds: []string{"/a:/b", "cache:/c:rw"}, Tmpfs: map[string]string{"/run": "size=64m"}, ReadonlyRootfs: true}}},
		{"--privileged --cap-add SYS_ADMIN --cap-drop NET_RAW --security-opt seccomp=unconfined --device /dev/fuse",
			jobOptions{host: container.HostConfig{Privileged: true, CapAdd: []string{"SYS_ADMIN"}, CapDrop: []string{"NET_RAW"}, SecurityOpt: []string{"seccomp=unconfined"},
				Resources: container.Resources{Devices: []container.DeviceMapping{{PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "rwm"}}}}}},
		{"--ulimit nofile=1024:2048 --add-host db:127.0.0.1 --label a=b -l c",
			jobOptions{labels: map[string]string{"a": "b", "c": ""}, host: container.HostConfig{ExtraHosts: []string{"db:127.0.0.1"},
				Resources: container.Resources{Ulimits: []*container.Ulimit{{Name: "nofile", Soft: 1024, Hard: 2048}}}}}},
		{"--rm --init --network host --net=host --privileged=false", jobOptions{}},
	} {
		got, err := parseOptions(tc.in)
		if err != nil {
			t.Errorf("parseOptions(%q): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(jobOptions{}), cmp.Comparer(func(a, b *units.Ulimit) bool { return *a == *b })); diff != "" {
			t.Errorf("parseOptions(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestParseOptionsErrors(t *testing.T) {
	for in, want := range map[string]string{
		"--hostname h":         "unsupported flag --hostname",
		"-it":                  "unsupported flag -it",
		"--network bridge":     "host network",
		"--cpus lots":          "--cpus lots: not a positive number",
		"--memory 12q":         "--memory 12q",
		"--pids-limit x":       "not an integer",
		"--privileged=maybe":   "not a boolean",
		"-e HOME":              "KEY=VALUE",
		"--env-file f":         "unsupported flag --env-file",
		"--memory":             "needs a value",
		"ubuntu":               `unexpected argument "ubuntu"`,
		"--device a:b:c:d":     "HOST[:CONTAINER[:PERMISSIONS]]",
		"--ulimit nofile=x":    "--ulimit",
		`-e "unterminated`:     "unterminated",
		"--entrypoint /bin/sh": "unsupported flag --entrypoint",
	} {
		_, err := parseOptions(in)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "options: ") {
			t.Errorf("parseOptions(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}
