package actions

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// boolInput reads a boolean input as @actions/core's getBooleanInput does:
// true/True/TRUE or false/False/FALSE, anything else an error.
func boolInput(s *Step, name string) (bool, error) {
	switch v := strings.TrimSpace(s.Inputs[name]); v {
	case "true", "True", "TRUE":
		return true, nil
	case "false", "False", "FALSE", "":
		return false, nil
	default:
		return false, fmt.Errorf("input %s: %q is not a boolean (true or false)", name, v)
	}
}

func intInput(s *Step, name string, def int) (int, error) {
	v := strings.TrimSpace(s.Inputs[name])
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("input %s: %q is not a whole number", name, v)
	}
	return n, nil
}

// joinUnder joins a relative path to dir, refusing one that leaves it.
func joinUnder(dir, rel string) string {
	return filepath.Join(dir, filepath.Clean("/"+rel))
}

// under reports whether path is dir or inside it.
func under(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}
