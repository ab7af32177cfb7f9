package docker

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/docker/docker/api/types/mount"
	"github.com/google/go-cmp/cmp"
)

func TestConvert(t *testing.T) {
	sock := "/var/run/docker.sock"
	for _, tc := range []struct {
		name  string
		spec  JobSpec
		sock  string
		check func(t *testing.T, cs containerSpec)
	}{{
		name: "defaults",
		spec: JobSpec{Name: "run1-build", Image: "img"},
		sock: sock,
		check: func(t *testing.T, cs containerSpec) {
			if cs.name != "run1-build" || cs.config.Image != "img" {
				t.Errorf("name %q image %q", cs.name, cs.config.Image)
			}
			if cs.host.NetworkMode != "host" || cs.host.Init == nil || !*cs.host.Init || cs.host.Privileged {
				t.Errorf("host config %+v", cs.host)
			}
			if !slices.Equal(cs.config.Entrypoint, []string{"tail", "-f", "/dev/null"}) || cs.config.Cmd != nil {
				t.Errorf("entrypoint %q cmd %q", cs.config.Entrypoint, cs.config.Cmd)
			}
			want := []mount.Mount{{Type: mount.TypeBind, Source: sock, Target: "/var/run/docker.sock"}}
			if diff := cmp.Diff(want, cs.host.Mounts); diff != "" {
				t.Errorf("mounts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[string]string{"gantry": "1"}, cs.config.Labels); diff != "" {
				t.Errorf("labels (-want +got):\n%s", diff)
			}
		},
	}, {
		name: "remote engine: no socket mount",
		spec: JobSpec{Name: "j", Image: "img"},
		check: func(t *testing.T, cs containerSpec) {
			if len(cs.host.Mounts) != 0 {
				t.Errorf("mounts %v", cs.host.Mounts)
			}
		},
	}, {
		name: "spec fields",
		spec: JobSpec{
			Name: "j", Image: "img", Env: []string{"A=1", "B=2"}, WorkingDir: "/w",
			Mounts:     []Mount{{Source: "/host/ws", Target: "/w"}, {Source: "/host/tools", Target: "/t", ReadOnly: true}},
			Labels:     map[string]string{"gantry.run": "abc", "gantry": "0"},
			Entrypoint: []string{"sleep", "infinity"}, Privileged: true,
		},
		sock: sock,
		check: func(t *testing.T, cs containerSpec) {
			if !slices.Equal(cs.config.Env, []string{"A=1", "B=2"}) || cs.config.WorkingDir != "/w" {
				t.Errorf("env %q workdir %q", cs.config.Env, cs.config.WorkingDir)
			}
			want := []mount.Mount{
				{Type: mount.TypeBind, Source: "/host/ws", Target: "/w"},
				{Type: mount.TypeBind, Source: "/host/tools", Target: "/t", ReadOnly: true},
				{Type: mount.TypeBind, Source: sock, Target: "/var/run/docker.sock"},
			}
			if diff := cmp.Diff(want, cs.host.Mounts); diff != "" {
				t.Errorf("mounts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[string]string{"gantry": "1", "gantry.run": "abc"}, cs.config.Labels); diff != "" {
				t.Errorf("labels: gantry=1 must win (-want +got):\n%s", diff)
			}
			if !slices.Equal(cs.config.Entrypoint, []string{"sleep", "infinity"}) || !cs.host.Privileged {
				t.Errorf("entrypoint %q privileged %v", cs.config.Entrypoint, cs.host.Privileged)
			}
		},
	}, {
		name: "caller mounts its own socket",
		spec: JobSpec{Name: "j", Image: "img", Mounts: []Mount{{Source: "/other.sock", Target: "/var/run/docker.sock"}}},
		sock: sock,
		check: func(t *testing.T, cs containerSpec) {
			if len(cs.host.Mounts) != 1 || cs.host.Mounts[0].Source != "/other.sock" {
				t.Errorf("mounts %v", cs.host.Mounts)
			}
		},
	}, {
		name: "options merge under the spec",
		spec: JobSpec{
			Name: "j", Image: "img", Env: []string{"A=spec"}, WorkingDir: "/w", Labels: map[string]string{"k": "spec"},
			Options: `--cpus 1.5 -m 1g --user 1000:1000 -e A=opt -e "C=x y" -w /opt -l k=opt -l other -v /h:/c:ro --privileged --network host`,
		},
		check: func(t *testing.T, cs containerSpec) {
			if !slices.Equal(cs.config.Env, []string{"A=spec", "C=x y"}) {
				t.Errorf("env %q: the spec's env wins over -e", cs.config.Env)
			}
			if cs.config.WorkingDir != "/opt" || cs.config.User != "1000:1000" {
				t.Errorf("workdir %q user %q: options' --workdir and --user apply", cs.config.WorkingDir, cs.config.User)
			}
			if cs.config.Labels["k"] != "spec" || cs.config.Labels["other"] != "" || cs.config.Labels["gantry"] != "1" {
				t.Errorf("labels %v", cs.config.Labels)
			}
			if cs.host.NanoCPUs != 1.5e9 || cs.host.Memory != 1<<30 || !cs.host.Privileged || cs.host.NetworkMode != "host" {
				t.Errorf("host config %+v", cs.host)
			}
			if !slices.Equal(cs.host.Binds, []string{"/h:/c:ro"}) {
				t.Errorf("binds %q", cs.host.Binds)
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := convert(tc.spec, tc.sock)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, cs)
		})
	}
}

func TestConvertErrors(t *testing.T) {
	for _, spec := range []JobSpec{
		{Name: "no image"},
		{Name: "j", Image: "img", Options: "--network bridge"},
		{Name: "j", Image: "img", Options: "--name other"},
	} {
		_, err := convert(spec, "")
		if err == nil {
			t.Errorf("convert(%+v): want an error", spec)
			continue
		}
		if !strings.Contains(err.Error(), spec.Name) {
			t.Errorf("error %q does not name the job container", err)
		}
	}
}

func TestMergeEnv(t *testing.T) {
	got := mergeEnv([]string{"A=1", "B=2", "A=3"}, []string{"B=x", "C=y", "EMPTY="})
	if want := []string{"A=3", "B=x", "C=y", "EMPTY="}; !slices.Equal(got, want) {
		t.Errorf("mergeEnv = %q, want %q", got, want)
	}
}

func TestSanitizeName(t *testing.T) {
	valid := regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`)
	for in, want := range map[string]string{
		"gantry-abc123-build-1":  "gantry-abc123-build-1",
		"run.1_job-x":            "run.1_job-x",
		"build (ubuntu, 18)":     "build--ubuntu--18-",
		"_hidden":                "hidden",
		"":                       "gantry-",
		"ünïcode/job":            "n-code-job",
		"...":                    "gantry-",
		strings.Repeat("a", 200): strings.Repeat("a", 119),
	} {
		got := SanitizeName(in)
		if !valid.MatchString(got) || len(got) > maxNameLen {
			t.Errorf("SanitizeName(%q) = %q: not a valid container name", in, got)
		}
		if got == in {
			continue
		}
		if !strings.HasPrefix(got, want) || len(got) != len(strings.TrimRight(want, "-"))+9 {
			t.Errorf("SanitizeName(%q) = %q, want %q plus a hash suffix", in, got, want)
		}
	}
	if a, b := SanitizeName("build (1)"), SanitizeName("build [1]"); a == b {
		t.Errorf("distinct names collide: %q", a)
	}
}
