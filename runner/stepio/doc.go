// Package stepio interprets what a step writes, the way GitHub's runner
// (actions/runner) reads it: workflow commands in the step's output
// (::error::, ::add-mask::, ::stop-commands::, ...), secret masking of every
// shown line, and the file commands a step leaves in GITHUB_ENV, GITHUB_OUTPUT,
// GITHUB_STATE and GITHUB_PATH.
//
// The package is pure logic: no Docker, no goroutines, no package-level
// mutable state. Behaviour follows the runner sources, cited per function:
// src/Runner.Common/ActionCommand.cs, src/Runner.Worker/ActionCommandManager.cs,
// src/Runner.Worker/FileCommandManager.cs, src/Runner.Worker/Handlers/OutputManager.cs,
// src/Runner.Sdk/ProcessInvoker.cs and src/Sdk/DTLogging/Logging/{SecretMasker,ValueEncoders}.cs.
// Where this package follows the Linux runner rather than the Windows one
// (line endings in file commands), the doc comment says so.
package stepio
