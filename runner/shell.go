package runner

import (
	"fmt"
	"strings"
)

// shellCommand is how a run step's script is executed: the command line,
// and the extension the script file needs (python refuses some otherwise).
type shellCommand struct {
	argv []string
	ext  string
}

// resolveShell maps a step's `shell:` to the command the runner uses, as
// GitHub's ScriptHandlerHelpers does. An empty shell is the default: bash
// when the job image has it, else sh. script is the script's path in the job.
func resolveShell(shell string, hasBash bool, script func(ext string) string) (shellCommand, error) {
	switch shell {
	case "":
		if hasBash {
			return shellCommand{argv: []string{"bash", "-e", script(".sh")}, ext: ".sh"}, nil
		}
		return shellCommand{argv: []string{"sh", "-e", script(".sh")}, ext: ".sh"}, nil
	case "bash":
		return shellCommand{argv: []string{"bash", "--noprofile", "--norc", "-eo", "pipefail", script(".sh")}, ext: ".sh"}, nil
	case "sh":
		return shellCommand{argv: []string{"sh", "-e", script(".sh")}, ext: ".sh"}, nil
	case "python":
		return shellCommand{argv: []string{"python3", script(".py")}, ext: ".py"}, nil
	case "pwsh":
		return shellCommand{argv: []string{"pwsh", "-command", ". '" + script(".ps1") + "'"}, ext: ".ps1"}, nil
	case "cmd", "powershell":
		return shellCommand{}, fmt.Errorf("shell %q runs only on Windows runners", shell)
	}
	if !strings.Contains(shell, "{0}") {
		return shellCommand{}, fmt.Errorf("custom shell %q must contain {0}, where the script's path goes", shell)
	}
	// A custom shell is a command template: its first word is the program,
	// the rest are arguments with {0} replaced by the script path.
	fields := strings.Fields(shell)
	path := script(".sh")
	for i, f := range fields {
		fields[i] = strings.ReplaceAll(f, "{0}", path)
	}
	return shellCommand{argv: fields, ext: ".sh"}, nil
}
