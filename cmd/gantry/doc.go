// Command gantry runs GitHub Actions workflow files on your own machines,
// with a Docker engine doing the work: validate, list, graph, eval, run,
// serve, trigger, artifacts and attestation. It parses flags, wires the
// Docker backend into the runner and maps outcomes to exit codes; what a
// command does lives in the packages it calls.
package main
