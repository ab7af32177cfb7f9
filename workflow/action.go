package workflow

import (
	"bytes"
	"errors"
	"io"

	"gopkg.in/yaml.v3"
)

// Action is a local action's metadata (action.yml). gantry runs composite
// actions; other kinds are recognised so that the error can say so.
type Action struct {
	File    string
	Name    *String
	Inputs  []*ActionInput
	Outputs []*KeyValue // output id → value expression (composite)
	Using   *String     // composite, node20, docker, …
	Steps   []*Step
}

// ActionInput is one input an action declares.
type ActionInput struct {
	ID       String
	Default  *String
	Required *String
}

// ParseAction reads an action.yml, reporting every problem with its
// position, as Parse does for workflows.
func ParseAction(file string, src []byte) (*Action, Errors) {
	p := newParser(file, src)
	a := &Action{File: file}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return a, Errors{yamlError(file, err)}
	}
	root := p.resolve(&doc)
	if root != nil && root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root == nil || root.Kind == 0 || isNull(root) {
		p.errorf(Pos{1, 1}, KindSyntax, "the action file is empty; it needs \"runs\"")
		return a, p.errs
	}
	for _, e := range p.mapping(root, "the action") {
		switch e.key.Value {
		case "name":
			a.Name = p.str(e.value, "name")
		case "description", "author", "branding":
		case "inputs":
			a.Inputs = p.parseActionInputs(e.value)
		case "outputs":
			a.Outputs = p.parseActionOutputs(e.value)
		case "runs":
			p.parseRuns(a, e.value)
		default:
			p.unknownKey(e.key, "the action", []string{"name", "description", "author", "inputs", "outputs", "runs", "branding"})
		}
	}
	if a.Using == nil && root.Kind == yaml.MappingNode {
		p.errorf(posOf(root), KindKey, "the action has no \"runs.using\"")
	}
	return a, sortErrors(p.errs)
}

func (p *parser) parseActionInputs(n *yaml.Node) []*ActionInput {
	var out []*ActionInput
	for _, e := range p.mapping(n, "inputs") {
		in := &ActionInput{ID: *e.key}
		for _, f := range p.mapping(e.value, "input "+e.key.Value) {
			switch f.key.Value {
			case "default":
				in.Default = p.str(f.value, "default")
			case "required":
				in.Required = p.boolOrExpr(f.value, "required")
			case "description", "deprecationMessage":
			default:
				p.unknownKey(f.key, "input "+e.key.Value, []string{"description", "required", "default", "deprecationMessage"})
			}
		}
		out = append(out, in)
	}
	return out
}

func (p *parser) parseActionOutputs(n *yaml.Node) []*KeyValue {
	var out []*KeyValue
	for _, e := range p.mapping(n, "outputs") {
		for _, f := range p.mapping(e.value, "output "+e.key.Value) {
			switch f.key.Value {
			case "value":
				if v := p.str(f.value, "value"); v != nil {
					out = append(out, &KeyValue{Key: *e.key, Value: *v})
				}
			case "description":
			default:
				p.unknownKey(f.key, "output "+e.key.Value, []string{"description", "value"})
			}
		}
	}
	return out
}

func (p *parser) parseRuns(a *Action, n *yaml.Node) {
	for _, e := range p.mapping(n, "runs") {
		switch e.key.Value {
		case "using":
			a.Using = p.str(e.value, "runs.using")
		case "steps":
			a.Steps = p.parseSteps(e.value)
		default:
			// Keys of node and docker actions (main, image, args, …):
			// recognised, not run.
		}
	}
	if a.Using != nil && a.Using.Value == "composite" {
		for i, s := range a.Steps {
			if s.Run != nil && s.Shell == nil {
				p.errorf(s.Pos, KindKey, "step %d of a composite action runs a script and needs \"shell\"", i+1)
			}
		}
	}
}
