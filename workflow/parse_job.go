package workflow

import (
	"regexp"

	"gopkg.in/yaml.v3"
)

// idRE is what GitHub allows for job and step ids.
var idRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

var jobKeys = []string{"name", "runs-on", "needs", "if", "env", "defaults", "outputs", "permissions",
	"environment", "strategy", "container", "services", "timeout-minutes", "continue-on-error",
	"concurrency", "steps"}

func (p *parser) parseJobs(n *yaml.Node) []*Job {
	var jobs []*Job
	entries := p.mapping(n, "jobs")
	if len(entries) == 0 {
		if n = p.resolve(n); n != nil && (n.Kind == yaml.MappingNode || isNull(n)) {
			p.errorf(posOf(n), KindValue, "jobs has no job")
		}
	}
	for _, e := range entries {
		if !idRE.MatchString(e.key.Value) {
			p.errorf(e.key.Pos, KindValue, "invalid job id %q: it must start with a letter or _ and contain only letters, digits, - and _", e.key.Value)
		}
		jobs = append(jobs, p.parseJob(e.key, e.value))
	}
	return jobs
}

func (p *parser) parseJob(id *String, n *yaml.Node) *Job {
	j := &Job{ID: *id, Pos: id.Pos}
	where := "job " + id.Value
	sawSteps := false
	for _, e := range p.mapping(n, where) {
		switch e.key.Value {
		case "name":
			j.Name = p.str(e.value, "name")
		case "runs-on":
			j.RunsOn = p.parseRunsOn(e.value)
		case "needs":
			j.Needs = p.strs(e.value, "needs")
		case "if":
			j.If = p.str(e.value, "if")
		case "env":
			j.Env = p.keyValues(e.value, "env")
		case "defaults":
			j.Defaults = p.parseDefaults(e.value, "defaults")
		case "outputs":
			j.Outputs = p.keyValues(e.value, "outputs")
		case "permissions":
			j.Permissions = p.parsePermissions(e.value)
		case "environment":
			j.Environment = p.parseEnvironment(e.value)
		case "strategy":
			j.Strategy = p.parseStrategy(e.value)
		case "container":
			j.Container = p.parseContainer(e.value, "container")
		case "services":
			j.Services = p.parseServices(e.value)
		case "timeout-minutes":
			j.TimeoutMinutes = p.numberOrExpr(e.value, "timeout-minutes")
		case "continue-on-error":
			j.ContinueOnError = p.boolOrExpr(e.value, "continue-on-error")
		case "concurrency":
			j.Concurrency = p.parseConcurrency(e.value)
		case "steps":
			sawSteps = true
			j.Steps = p.parseSteps(e.value)
		case "uses", "with", "secrets":
			p.errorf(e.key.Pos, KindUnsupported, "job %s calls a reusable workflow (%s); gantry does not run reusable workflows yet", id.Value, e.key.Value)
			return j
		default:
			p.unknownKey(e.key, where, jobKeys)
		}
	}
	if n = p.resolve(n); n == nil || n.Kind != yaml.MappingNode {
		return j
	}
	if j.RunsOn == nil {
		p.errorf(j.Pos, KindKey, "job %s has no \"runs-on\"; say which runner label it needs", id.Value)
	}
	if !sawSteps || len(j.Steps) == 0 {
		p.errorf(j.Pos, KindKey, "job %s has no steps", id.Value)
	}
	return j
}

func (p *parser) parseRunsOn(n *yaml.Node) *RunsOn {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	r := &RunsOn{Pos: posOf(n)}
	if n.Kind != yaml.MappingNode {
		r.Labels = p.strs(n, "runs-on")
	} else {
		for _, e := range p.mapping(n, "runs-on") {
			switch e.key.Value {
			case "group":
				r.Group = p.str(e.value, "runs-on.group")
			case "labels":
				r.Labels = p.strs(e.value, "runs-on.labels")
			default:
				p.unknownKey(e.key, "runs-on", []string{"group", "labels"})
			}
		}
	}
	if len(r.Labels) == 0 && r.Group == nil {
		p.errorf(r.Pos, KindValue, "runs-on names no runner label or group")
	}
	return r
}

func (p *parser) parseEnvironment(n *yaml.Node) *Environment {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return &Environment{Name: *p.scalar(n)}
	}
	env := &Environment{}
	for _, e := range p.mapping(n, "environment") {
		switch e.key.Value {
		case "name":
			if s := p.str(e.value, "environment.name"); s != nil {
				env.Name = *s
			}
		case "url":
			env.URL = p.str(e.value, "environment.url")
		default:
			p.unknownKey(e.key, "environment", []string{"name", "url"})
		}
	}
	return env
}

func (p *parser) parseContainer(n *yaml.Node, where string) *Container {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return &Container{Image: *p.scalar(n)}
	}
	c := &Container{}
	sawImage := false
	for _, e := range p.mapping(n, where) {
		switch e.key.Value {
		case "image":
			if s := p.str(e.value, where+".image"); s != nil {
				c.Image, sawImage = *s, true
			}
		case "credentials":
			c.Credentials = p.keyValues(e.value, where+".credentials")
		case "env":
			c.Env = p.keyValues(e.value, where+".env")
		case "ports":
			c.Ports = p.strs(e.value, where+".ports")
		case "volumes":
			c.Volumes = p.strs(e.value, where+".volumes")
		case "options":
			c.Options = p.str(e.value, where+".options")
		default:
			p.unknownKey(e.key, where, []string{"image", "credentials", "env", "ports", "volumes", "options"})
		}
	}
	if !sawImage && n.Kind == yaml.MappingNode {
		p.errorf(posOf(n), KindKey, "%s needs an \"image\"", where)
	}
	return c
}

func (p *parser) parseServices(n *yaml.Node) []*Service {
	var services []*Service
	for _, e := range p.mapping(n, "services") {
		if c := p.parseContainer(e.value, "service "+e.key.Value); c != nil {
			services = append(services, &Service{ID: *e.key, Container: *c})
		}
	}
	return services
}
