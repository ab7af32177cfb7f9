package stepio

import (
	"fmt"
	"slices"
	"strings"
)

// Messages the runner writes, verbatim (src/Runner.Common/Constants.cs and
// ActionCommandManager.cs), so logs read the same as on GitHub.
const (
	msgDeprecated = "The `%s` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. " +
		"For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/"
	msgDisabled = "The `%s` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution " +
		"by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. " +
		"For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/"
	msgBadStopToken = "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow command. " +
		"For more information see: https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands " +
		"or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`."
)

// cmdError carries the runner's exception text for a failed command; a type
// rather than errors.New because the runner's messages are capitalised.
type cmdError string

func (e cmdError) Error() string { return string(e) }

// tryCommand is ActionCommandManager.TryProcessCommand; it reports whether
// the line was consumed.
func (p *Processor) tryCommand(line string) bool {
	token := ""
	if p.stopped {
		token = p.stopToken
	}
	c, ok := parseCommand(line, token)
	if !ok {
		return false
	}
	if p.stopped {
		// Only the resume token is a command now; everything else is output.
		if !foldEqual(c.Name, p.stopToken) {
			return false
		}
		p.emit(Echo, line, nil)
		p.stopped, p.stopToken = false, ""
		return true
	}
	if c.Name == "stop-commands" {
		p.stopCommands(line, c.Value)
		return true
	}
	// add-mask, debug and the annotations are never echoed (OmitEcho).
	omitEcho := slices.Contains([]string{"add-mask", "debug", "error", "warning", "notice"}, c.Name)
	if p.echo && !omitEcho {
		p.emit(Echo, line, nil)
	}
	if err := p.dispatch(c); err != nil {
		info := line
		if omitEcho {
			info = c.Name
		}
		p.emit(Error, "Unable to process command '"+info+"' successfully.", nil)
		p.emit(Error, err.Error(), nil)
		p.failed = true
	}
	return true
}

// stopCommands pauses command processing until a line `::token::`. The
// runner refuses tokens that would let a later line resume by accident, and
// masks tokens longer than 6 characters, so printed output cannot reveal the
// token to whatever the step is printing.
func (p *Processor) stopCommands(line, token string) {
	_, isCommand := canonicalName(token, "")
	if token == "" || isCommand || foldEqual(token, "pause-logging") {
		if !p.opts.AllowUnsecureStopCommandTokens {
			// The runner throws before pausing: commands keep working, the step fails.
			p.emit(Error, msgBadStopToken, nil)
			p.failed = true
			return
		}
		p.emit(Warning, msgBadStopToken, nil)
	}
	p.stopped, p.stopToken = true, token
	if utf16Len(token) > 6 {
		p.masker.add([]string{token}) // AddValue, without the per-line split of add-mask
	}
	p.emit(Echo, line, nil)
}

func (p *Processor) dispatch(c Command) error {
	switch c.Name {
	case "add-mask":
		p.addMask(c.Value)
	case "debug":
		p.debug(c.Value)
	case "error":
		p.emit(Error, c.Value, c.Props)
	case "warning":
		p.emit(Warning, c.Value, c.Props)
	case "notice":
		p.emit(Notice, c.Value, c.Props)
	case "group":
		p.emit(GroupStart, c.Value, nil)
	case "endgroup":
		p.emit(GroupEnd, "", nil)
	case "echo":
		return p.setEcho(c.Value)
	case "set-output", "save-state":
		return p.setNamed(c)
	case "set-env":
		return p.setEnv(c)
	case "add-path":
		return p.addPath(c)
	case "add-matcher":
		p.addMatcher(c)
	case "remove-matcher":
		p.removeMatcher(c)
	}
	return nil
}

func (p *Processor) addMask(value string) {
	if strings.TrimSpace(value) == "" {
		p.emit(Warning, "Can't add secret mask for empty string in ##[add-mask] command.", nil)
		return
	}
	if p.echo {
		p.emit(Echo, "::add-mask::***", nil)
	}
	p.masker.addMask(value)
}

// debug is context.Debug: one debug line per line of the message.
func (p *Processor) debug(msg string) {
	if !p.opts.Debug {
		return
	}
	for _, l := range strings.Split(strings.ReplaceAll(msg, "\r\n", "\n"), "\n") {
		p.emit(Debug, l, nil)
	}
}

func (p *Processor) setEcho(v string) error {
	if v == "" {
		return cmdError("Value cannot be null. (Parameter 'value')")
	}
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "ON":
		p.echo = true
	case "OFF":
		p.echo = false
	default:
		return cmdError("Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '" + v + "'.")
	}
	return nil
}

// setNamed handles set-output and save-state, which still work but warn.
func (p *Processor) setNamed(c Command) error {
	p.emit(Warning, fmt.Sprintf(msgDeprecated, c.Name), nil)
	name := c.Props["name"]
	if name == "" {
		return cmdError("Required field 'name' is missing in ##[" + c.Name + "] command.")
	}
	if c.Name == "set-output" {
		p.outputs[name] = c.Value
	} else {
		p.state[name] = c.Value
	}
	return nil
}

func (p *Processor) setEnv(c Command) error {
	if !p.opts.AllowUnsecureCommands {
		return cmdError(fmt.Sprintf(msgDisabled, c.Name))
	}
	name := c.Props["name"]
	if name == "" {
		return cmdError("Required field 'name' is missing in ##[set-env] command.")
	}
	if foldEqual(name, "NODE_OPTIONS") {
		p.emit(Error, "Can't update NODE_OPTIONS environment variable using ::set-env:: command.", nil)
		return nil
	}
	p.env[name] = c.Value
	return nil
}

func (p *Processor) addPath(c Command) error {
	if !p.opts.AllowUnsecureCommands {
		return cmdError(fmt.Sprintf(msgDisabled, c.Name))
	}
	if c.Value == "" {
		return cmdError("Value cannot be null. (Parameter 'path')")
	}
	p.paths = append(slices.DeleteFunc(p.paths, func(s string) bool { return s == c.Value }), c.Value)
	return nil
}

func (p *Processor) addMatcher(c Command) {
	if c.Value == "" {
		p.emit(Warning, "File path must be specified.", nil)
		return
	}
	p.emit(AddMatcher, c.Value, nil)
}

func (p *Processor) removeMatcher(c Command) {
	owner := c.Props["owner"]
	switch {
	case owner != "" && c.Value != "":
		p.emit(Warning, "Either specify an owner name or a file path in ##[remove-matcher] command. Both values cannot be set.", nil)
	case owner == "" && c.Value == "":
		p.emit(Warning, "Either an owner name or a file path must be specified in ##[remove-matcher] command.", nil)
	case owner != "":
		p.emit(RemoveMatcher, "", map[string]string{"owner": owner})
	default:
		p.emit(RemoveMatcher, c.Value, nil)
	}
}
