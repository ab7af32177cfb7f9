package docker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
)

// Owner labels: the process that made a container. A run killed with
// SIGKILL cannot remove its containers; the next gantry on the same machine
// finds them by these labels and removes those whose process is gone.
const (
	LabelOwnerPID  = "gantry.owner.pid"
	LabelOwnerBoot = "gantry.owner.boot" // the kernel's boot id: pids repeat across boots
	LabelOwnerHost = "gantry.owner.host"
)

func ownerLabels() map[string]string {
	host, _ := os.Hostname()
	return map[string]string{
		LabelOwnerPID:  strconv.Itoa(os.Getpid()),
		LabelOwnerBoot: bootID(),
		LabelOwnerHost: host,
	}
}

func bootID() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// Reap removes the containers made by gantry processes of this machine that
// no longer exist, and returns their names. A container of another machine
// (a shared remote engine) or of a live process is left alone; so is one
// whose process id is alive again as another program, the safe side of a
// reused pid.
func (e *Engine) Reap(ctx context.Context) ([]string, error) {
	list, err := e.api.ContainerList(ctx, container.ListOptions{
		All:     true,
		Filters: filters.NewArgs(filters.Arg("label", LabelOwnerPID)),
	})
	if err != nil {
		return nil, fmt.Errorf("list gantry's containers: %w", err)
	}
	host, _ := os.Hostname()
	boot := bootID()
	var reaped []string
	var errs []error
	for _, c := range list {
		if !orphaned(c.Labels, host, boot, processAlive) {
			continue
		}
		if err := e.remove(ctx, c.ID); err != nil {
			errs = append(errs, fmt.Errorf("remove container %s: %w", containerName(c), err))
			continue
		}
		reaped = append(reaped, containerName(c))
	}
	return reaped, errors.Join(errs...)
}

// orphaned reports whether a container with these owner labels was made by
// a gantry process of this machine (host, boot) that is gone.
func orphaned(labels map[string]string, host, boot string, alive func(pid int) bool) bool {
	if labels[LabelOwnerHost] != host {
		return false // another machine's, on a shared engine
	}
	if labels[LabelOwnerBoot] != boot {
		// This machine before a reboot: its process is gone for sure. With
		// no boot id to compare, nothing can be said.
		return boot != "" && labels[LabelOwnerBoot] != ""
	}
	pid, err := strconv.Atoi(labels[LabelOwnerPID])
	return err == nil && !alive(pid)
}

// processAlive reports whether pid names a process; EPERM means it exists
// under another user.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
