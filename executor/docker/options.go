package docker

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/go-units"
)

// jobOptions is what a job.container.options string sets. GitHub passes that
// string to `docker create`; gantry has no CLI in between, so it parses the
// flags users actually put there and refuses the rest by name, rather than
// silently ignoring something that changes behaviour.
type jobOptions struct {
	env     []string
	user    string
	workdir string
	labels  map[string]string
	host    container.HostConfig // only the fields options set
}

// optionFlag is one supported docker-create flag.
type optionFlag struct {
	isBool bool
	set    func(o *jobOptions, v string) error
}

// optionFlags is the supported subset, by long name, with short aliases.
// Flags that would fight gantry's own settings are refused: --network other
// than host, --name, --entrypoint, -i/-t, --hostname and --dns (invalid with
// the host network), and --env-file / -e KEY without a value (they read the
// host's files or environment, which a reproducible run must not).
func optionFlags() map[string]optionFlag {
	str := func(f func(o *jobOptions, v string)) optionFlag {
		return optionFlag{set: func(o *jobOptions, v string) error { f(o, v); return nil }}
	}
	size := func(f func(o *jobOptions, n int64)) optionFlag {
		return optionFlag{set: func(o *jobOptions, v string) error {
			n, err := units.RAMInBytes(v)
			f(o, n)
			return err
		}}
	}
	flags := map[string]optionFlag{
		"add-host":           str(func(o *jobOptions, v string) { o.host.ExtraHosts = append(o.host.ExtraHosts, v) }),
		"cap-add":            str(func(o *jobOptions, v string) { o.host.CapAdd = append(o.host.CapAdd, v) }),
		"cap-drop":           str(func(o *jobOptions, v string) { o.host.CapDrop = append(o.host.CapDrop, v) }),
		"cpus":               {set: setCPUs},
		"cpu-shares":         {set: setInt(func(o *jobOptions, n int64) { o.host.CPUShares = n })},
		"cpuset-cpus":        str(func(o *jobOptions, v string) { o.host.CpusetCpus = v }),
		"device":             {set: setDevice},
		"env":                {set: setEnv},
		"init":               {isBool: true, set: func(*jobOptions, string) error { return nil }}, // always on
		"label":              str(setLabel),
		"memory":             size(func(o *jobOptions, n int64) { o.host.Memory = n }),
		"memory-reservation": size(func(o *jobOptions, n int64) { o.host.MemoryReservation = n }),
		"memory-swap":        {set: setMemorySwap},
		"network":            {set: setNetwork},
		"pids-limit":         {set: setInt(func(o *jobOptions, n int64) { o.host.PidsLimit = &n })},
		"privileged":         {isBool: true, set: setBool(func(o *jobOptions, b bool) { o.host.Privileged = b })},
		"read-only":          {isBool: true, set: setBool(func(o *jobOptions, b bool) { o.host.ReadonlyRootfs = b })},
		"rm":                 {isBool: true, set: func(*jobOptions, string) error { return nil }}, // always removed
		"security-opt":       str(func(o *jobOptions, v string) { o.host.SecurityOpt = append(o.host.SecurityOpt, v) }),
		"shm-size":           size(func(o *jobOptions, n int64) { o.host.ShmSize = n }),
		"tmpfs":              str(setTmpfs),
		"ulimit":             {set: setUlimit},
		"user":               str(func(o *jobOptions, v string) { o.user = v }),
		"volume":             str(func(o *jobOptions, v string) { o.host.Binds = append(o.host.Binds, v) }),
		"workdir":            str(func(o *jobOptions, v string) { o.workdir = v }),
	}
	for short, long := range map[string]string{"c": "cpu-shares", "e": "env", "l": "label", "m": "memory", "u": "user", "v": "volume", "w": "workdir", "net": "network"} {
		flags[short] = flags[long]
	}
	return flags
}

// parseOptions parses a job.container.options string.
func parseOptions(s string) (jobOptions, error) {
	var o jobOptions
	args, err := splitArgs(s)
	if err != nil {
		return o, fmt.Errorf("options: %w", err)
	}
	flags := optionFlags()
	for i := 0; i < len(args); i++ {
		name, value, hasValue, err := splitFlag(args[i])
		if err != nil {
			return o, fmt.Errorf("options: %w", err)
		}
		f, ok := flags[name]
		if !ok {
			return o, fmt.Errorf("options: unsupported flag %s (supported: %s)", args[i], supportedFlags(flags))
		}
		if !hasValue && !f.isBool {
			if i+1 >= len(args) {
				return o, fmt.Errorf("options: flag %s needs a value", args[i])
			}
			i++
			value = args[i]
		}
		if err := f.set(&o, value); err != nil {
			return o, fmt.Errorf("options: %s %s: %w", flagName(name), value, err)
		}
	}
	return o, nil
}

// splitFlag splits "--name=value", "--name", "-e" and "-eVALUE".
func splitFlag(arg string) (name, value string, hasValue bool, err error) {
	switch {
	case strings.HasPrefix(arg, "--") && len(arg) > 2:
		name, value, hasValue = strings.Cut(arg[2:], "=")
		return name, value, hasValue, nil
	case strings.HasPrefix(arg, "-") && len(arg) > 1:
		if len(arg) > 2 {
			return arg[1:2], strings.TrimPrefix(arg[2:], "="), true, nil
		}
		return arg[1:], "", false, nil
	}
	return "", "", false, fmt.Errorf("unexpected argument %q (options holds docker create flags only)", arg)
}

func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func supportedFlags(flags map[string]optionFlag) string {
	var names []string
	for n := range flags {
		if len(n) > 1 && n != "net" {
			names = append(names, "--"+n)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

func setBool(f func(o *jobOptions, b bool)) func(o *jobOptions, v string) error {
	return func(o *jobOptions, v string) error {
		b := true
		if v != "" {
			var err error
			if b, err = strconv.ParseBool(v); err != nil {
				return fmt.Errorf("not a boolean")
			}
		}
		f(o, b)
		return nil
	}
}

func setInt(f func(o *jobOptions, n int64)) func(o *jobOptions, v string) error {
	return func(o *jobOptions, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("not an integer")
		}
		f(o, n)
		return nil
	}
}

func setCPUs(o *jobOptions, v string) error {
	cpus, err := strconv.ParseFloat(v, 64)
	if err != nil || cpus <= 0 || math.IsInf(cpus, 0) {
		return fmt.Errorf("not a positive number of CPUs")
	}
	o.host.NanoCPUs = int64(math.Round(cpus * 1e9))
	return nil
}

func setMemorySwap(o *jobOptions, v string) error {
	if v == "-1" { // unlimited swap, as docker accepts
		o.host.MemorySwap = -1
		return nil
	}
	n, err := units.RAMInBytes(v)
	o.host.MemorySwap = n
	return err
}

func setEnv(o *jobOptions, v string) error {
	k, _, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("give KEY=VALUE (gantry does not copy the host's environment)")
	}
	o.env = append(o.env, v)
	return nil
}

func setLabel(o *jobOptions, v string) {
	if o.labels == nil {
		o.labels = map[string]string{}
	}
	k, val, _ := strings.Cut(v, "=")
	o.labels[k] = val
}

func setNetwork(_ *jobOptions, v string) error {
	if v != string(networkHost) {
		return fmt.Errorf("job containers always use the host network")
	}
	return nil
}

func setTmpfs(o *jobOptions, v string) {
	if o.host.Tmpfs == nil {
		o.host.Tmpfs = map[string]string{}
	}
	path, opts, _ := strings.Cut(v, ":")
	o.host.Tmpfs[path] = opts
}

func setDevice(o *jobOptions, v string) error {
	parts := strings.Split(v, ":")
	if len(parts) > 3 || parts[0] == "" {
		return fmt.Errorf("want HOST[:CONTAINER[:PERMISSIONS]]")
	}
	d := container.DeviceMapping{PathOnHost: parts[0], PathInContainer: parts[0], CgroupPermissions: "rwm"}
	if len(parts) > 1 && parts[1] != "" {
		d.PathInContainer = parts[1]
	}
	if len(parts) > 2 {
		d.CgroupPermissions = parts[2]
	}
	o.host.Devices = append(o.host.Devices, d)
	return nil
}

func setUlimit(o *jobOptions, v string) error {
	u, err := units.ParseUlimit(v)
	if err != nil {
		return err
	}
	o.host.Ulimits = append(o.host.Ulimits, u)
	return nil
}
