package workflow

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// CheckUses reports every `uses:` that gantry cannot run: an action that
// is neither built in (builtin says which are; names lists them for the
// message) nor a local action with an action.yml under repo.
func CheckUses(w *Workflow, builtin func(uses string) bool, names []string, repo string) Errors {
	var errs Errors
	for _, j := range w.Jobs {
		for _, s := range j.Steps {
			if s.Uses == nil || isExpr(s.Uses.Value) {
				continue
			}
			if msg := usesProblem(s.Uses.Value, builtin, names, repo); msg != "" {
				errs = append(errs, &Error{File: w.File, Pos: s.Uses.Pos, Kind: KindUnsupported, Msg: msg})
			}
		}
	}
	return errs
}

func usesProblem(uses string, builtin func(string) bool, names []string, repo string) string {
	u, err := ParseUses(uses, false)
	if err != nil {
		return err.Error()
	}
	switch u.Kind {
	case UsesLocal:
		dir := filepath.Join(repo, filepath.Clean("/"+uses))
		for _, f := range []string{"action.yml", "action.yaml"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				return ""
			}
		}
		return fmt.Sprintf("local action %s has no action.yml or action.yaml in %s", uses, repo)
	case UsesDocker:
		return fmt.Sprintf("%s: gantry does not run docker:// actions yet", uses)
	}
	if builtin(uses) {
		return ""
	}
	return fmt.Sprintf("%s is not built into gantry, which downloads nothing from GitHub; built in: %s, and local actions (uses: ./path)", uses, strings.Join(names, ", "))
}
