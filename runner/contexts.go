package runner

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/gantry-ci/gantry/workflow"
)

// jobPaths are where a job leg's directories are, as the job sees them.
// They mirror a GitHub-hosted runner's layout, so scripts that assume it
// keep working.
type jobPaths struct {
	Workspace string // GITHUB_WORKSPACE
	Temp      string // RUNNER_TEMP
	ToolCache string // RUNNER_TOOL_CACHE
	EventPath string // GITHUB_EVENT_PATH
}

func defaultJobPaths(repo string) jobPaths {
	name := path.Base(repo)
	return jobPaths{
		Workspace: "/home/runner/work/" + name + "/" + name,
		Temp:      "/home/runner/work/_temp",
		ToolCache: "/opt/hostedtoolcache",
		EventPath: "/home/runner/work/_temp/_github_workflow/event.json",
	}
}

// githubContext builds the `github` context of one job, as GitHub fills it.
func (r *run) githubContext(w *workflow.Workflow, jobID string, p jobPaths) map[string]any {
	ev := r.cfg.Event
	ctx := map[string]any{
		"action":              "",
		"action_path":         "",
		"action_ref":          "",
		"action_repository":   "",
		"actor":               ev.Actor,
		"actor_id":            strconv.Itoa(stableID(ev.Actor)),
		"api_url":             r.serverURL("api"),
		"base_ref":            ev.BaseRef,
		"env":                 path.Join(p.Temp, "_runner_file_commands"),
		"event":               ev.Payload,
		"event_name":          ev.Name,
		"event_path":          p.EventPath,
		"graphql_url":         r.serverURL("api") + "/graphql",
		"head_ref":            ev.HeadRef,
		"job":                 jobID,
		"ref":                 ev.Ref,
		"ref_name":            ev.RefName,
		"ref_protected":       false,
		"ref_type":            ev.RefType,
		"repository":          ev.Repository,
		"repository_id":       strconv.Itoa(stableID(ev.Repository)),
		"repository_owner":    ev.Owner,
		"repository_owner_id": strconv.Itoa(stableID(ev.Owner)),
		"repositoryUrl":       "git://github.com/" + ev.Repository + ".git",
		"retention_days":      "90",
		"run_attempt":         "1",
		"run_id":              strconv.FormatInt(r.cfg.RunID, 10),
		"run_number":          strconv.FormatInt(r.cfg.RunNumber, 10),
		"secret_source":       "Actions",
		"server_url":          r.serverURL(""),
		"sha":                 ev.SHA,
		"token":               r.cfg.Secrets["GITHUB_TOKEN"],
		"triggering_actor":    ev.Actor,
		"workflow":            w.DisplayName(),
		"workflow_ref":        fmt.Sprintf("%s/%s@%s", ev.Repository, r.workflowPath(w), ev.Ref),
		"workflow_sha":        ev.SHA,
		"workspace":           p.Workspace,
	}
	return ctx
}

// workflowPath is the workflow file relative to the repository
// (.github/workflows/ci.yml), as GitHub names it in workflow_ref.
func (r *run) workflowPath(w *workflow.Workflow) string {
	repo, err1 := filepath.Abs(r.cfg.RepoDir)
	file, err2 := filepath.Abs(w.File)
	if err1 != nil || err2 != nil {
		return w.File
	}
	rel, err := filepath.Rel(repo, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		return w.File
	}
	return filepath.ToSlash(rel)
}

func (r *run) serverURL(kind string) string {
	if kind == "api" {
		return "https://api.github.com"
	}
	return "https://github.com"
}

// githubEnv is the GITHUB_* and RUNNER_* environment every step sees,
// derived from the github and runner contexts.
func githubEnv(gh, rn map[string]any) map[string]string {
	env := map[string]string{"CI": "true", "GITHUB_ACTIONS": "true"}
	for _, k := range []string{"actor", "actor_id", "api_url", "base_ref", "event_name", "event_path",
		"graphql_url", "head_ref", "job", "ref", "ref_name", "ref_type", "repository", "repository_id",
		"repository_owner", "repository_owner_id", "retention_days", "run_attempt", "run_id", "run_number",
		"server_url", "sha", "triggering_actor", "workflow", "workflow_ref", "workflow_sha", "workspace"} {
		env["GITHUB_"+strings.ToUpper(k)] = fmt.Sprint(gh[k])
	}
	env["GITHUB_REF_PROTECTED"] = "false"
	for _, k := range []string{"os", "arch", "name", "environment", "temp", "tool_cache"} {
		env["RUNNER_"+strings.ToUpper(k)] = fmt.Sprint(rn[k])
	}
	return env
}

func runnerContext(p jobPaths, name string) map[string]any {
	return map[string]any{
		"os":          "Linux",
		"arch":        "X64",
		"name":        name,
		"environment": "self-hosted",
		"temp":        p.Temp,
		"tool_cache":  p.ToolCache,
		"debug":       "",
	}
}

// stableID derives a number from a name, for the *_id fields GitHub fills
// from its database: the same name always gets the same id.
func stableID(s string) int {
	h := 0
	for i := 0; i < len(s); i++ {
		h = (h*31 + int(s[i])) % 1_000_000_007
	}
	return h
}

// envList renders an environment map as sorted KEY=VALUE items.
func envList(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

func stringMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
