package docker

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
)

// RemoveLabeled force-removes every container (running or not) that has the
// label, given as "key=value" or just "key" (e.g. "gantry.run=abc", or
// "gantry" for all of gantry's), and returns how many it removed. It is the
// safety net after a crash or Ctrl-C: it keeps going past a failure and
// reports all of them.
func (e *Engine) RemoveLabeled(ctx context.Context, label string) (int, error) {
	if label == "" {
		return 0, errors.New("remove containers by label: empty label")
	}
	list, err := e.api.ContainerList(ctx, container.ListOptions{
		All:     true,
		Filters: filters.NewArgs(filters.Arg("label", label)),
	})
	if err != nil {
		return 0, fmt.Errorf("list containers labelled %s: %w", label, err)
	}
	var errs []error
	removed := 0
	for _, ctr := range list {
		if err := e.remove(ctx, ctr.ID); err != nil {
			errs = append(errs, fmt.Errorf("remove container %s: %w", containerName(ctr), err))
			continue
		}
		removed++
	}
	if len(errs) > 0 {
		return removed, fmt.Errorf("remove containers labelled %s: %w", label, errors.Join(errs...))
	}
	return removed, nil
}

func containerName(ctr container.Summary) string {
	if len(ctr.Names) > 0 {
		return strings.TrimPrefix(ctr.Names[0], "/") // the API reports "/name"
	}
	return ctr.ID[:12]
}
