// Package executor is the contract between the runner, which decides what
// runs next, and a backend, which says where it runs: Backend, Leg and the
// specs they take (see Backend for the lifecycle), where each mount is seen
// (Paths), and the optional capabilities a leg may have (Images).
//
// It has no Docker in it. The backends are executor/docker (the Docker
// Engine API) and executor/host (commands on this machine, for tests). The
// packages under it that are not backends do one job each for the built-in
// actions: actions (the actions themselves), archive, artifact, attest, dockermeta, gitcli,
// registry and setupnode.
package executor
