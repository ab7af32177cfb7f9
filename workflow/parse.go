package workflow

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse reads one workflow file. It returns the model and every problem
// found; the model is usable for what parsed even when there are errors.
func Parse(file string, src []byte) (*Workflow, Errors) {
	p := newParser(file, src)
	w := &Workflow{File: file}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		p.errs = append(p.errs, yamlError(file, err))
		return w, p.errs
	}
	root := p.resolve(&doc)
	if root != nil && root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root == nil || root.Kind == 0 || isNull(root) {
		p.errorf(Pos{1, 1}, KindSyntax, "the file is empty; a workflow needs \"on\" and \"jobs\"")
		return w, p.errs
	}
	p.parseWorkflow(w, root)
	p.errs = append(p.errs, check(w)...)
	return w, sortErrors(p.errs)
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a yaml.v3 error, which carries a line but no column, into
// a positioned Error.
func yamlError(file string, err error) *Error {
	msg := err.Error()
	line := 1
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
		msg = m[2]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return &Error{File: file, Pos: Pos{Line: line, Col: 1}, Msg: "invalid YAML: " + msg, Kind: KindSyntax}
}

func (p *parser) parseWorkflow(w *Workflow, root *yaml.Node) {
	var sawOn, sawJobs bool
	for _, e := range p.mapping(root, "the workflow") {
		switch e.key.Value {
		case "name":
			w.Name = p.str(e.value, "name")
		case "run-name":
			w.RunName = p.str(e.value, "run-name")
		case "on":
			sawOn = true
			w.On = p.parseOn(e.value)
		case "env":
			w.Env = p.keyValues(e.value, "env")
		case "defaults":
			w.Defaults = p.parseDefaults(e.value, "defaults")
		case "permissions":
			w.Permissions = p.parsePermissions(e.value)
		case "concurrency":
			w.Concurrency = p.parseConcurrency(e.value)
		case "jobs":
			sawJobs = true
			w.Jobs = p.parseJobs(e.value)
		default:
			p.unknownKey(e.key, "the workflow", []string{"name", "run-name", "on", "env", "defaults", "permissions", "concurrency", "jobs"})
		}
	}
	if root.Kind != yaml.MappingNode {
		return
	}
	if !sawOn {
		p.errorf(posOf(root), KindKey, "the workflow has no \"on\" section; say which events trigger it")
	}
	if !sawJobs {
		p.errorf(posOf(root), KindKey, "the workflow has no \"jobs\" section")
	}
}

func (p *parser) parseDefaults(n *yaml.Node, where string) *Defaults {
	d := &Defaults{}
	for _, e := range p.mapping(n, where) {
		if e.key.Value != "run" {
			p.unknownKey(e.key, where, []string{"run"})
			continue
		}
		for _, r := range p.mapping(e.value, where+".run") {
			switch r.key.Value {
			case "shell":
				d.Shell = p.str(r.value, "shell")
			case "working-directory":
				d.WorkingDirectory = p.str(r.value, "working-directory")
			default:
				p.unknownKey(r.key, where+".run", []string{"shell", "working-directory"})
			}
		}
	}
	return d
}

// permissionScopes are the GITHUB_TOKEN scopes GitHub accepts.
var permissionScopes = map[string]bool{
	"actions": true, "attestations": true, "checks": true, "contents": true,
	"deployments": true, "discussions": true, "id-token": true, "issues": true,
	"models": true, "packages": true, "pages": true, "pull-requests": true,
	"repository-projects": true, "security-events": true, "statuses": true,
}

func (p *parser) parsePermissions(n *yaml.Node) *Permissions {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	perms := &Permissions{Pos: posOf(n)}
	if n.Kind == yaml.ScalarNode {
		perms.All = p.scalar(n)
		if v := perms.All.Value; v != "read-all" && v != "write-all" {
			p.errorf(perms.All.Pos, KindValue, "permissions must be read-all, write-all or a mapping of scopes, not %q", v)
		}
		return perms
	}
	for _, e := range p.mapping(n, "permissions") {
		v := p.str(e.value, "permission "+e.key.Value)
		if v == nil {
			continue
		}
		if !permissionScopes[e.key.Value] {
			p.errorf(e.key.Pos, KindKey, "unknown permission scope %q", e.key.Value)
		}
		switch {
		case v.Value == "read" || v.Value == "write" || v.Value == "none":
		case e.key.Value == "id-token" && v.Value == "write":
		default:
			p.errorf(v.Pos, KindValue, "permission %s must be read, write or none, not %q", e.key.Value, v.Value)
		}
		perms.Scopes = append(perms.Scopes, &KeyValue{Key: *e.key, Value: *v})
	}
	return perms
}

func (p *parser) parseConcurrency(n *yaml.Node) *Concurrency {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return &Concurrency{Group: *p.scalar(n)}
	}
	c := &Concurrency{}
	sawGroup := false
	for _, e := range p.mapping(n, "concurrency") {
		switch e.key.Value {
		case "group":
			if s := p.str(e.value, "concurrency.group"); s != nil {
				c.Group, sawGroup = *s, true
			}
		case "cancel-in-progress":
			c.CancelInProgress = p.boolOrExpr(e.value, "cancel-in-progress")
		default:
			p.unknownKey(e.key, "concurrency", []string{"group", "cancel-in-progress"})
		}
	}
	if !sawGroup && n.Kind == yaml.MappingNode {
		p.errorf(posOf(n), KindKey, "concurrency needs a \"group\"")
	}
	return c
}
