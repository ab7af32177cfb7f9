// Package docker is the Docker Engine API backend: job containers on the
// host network, exec with live output and cancellation that stops the whole
// process tree, files copied in and out for a remote engine, images (pull,
// build with the classic builder, tag, push, registry login) and the reaping
// of containers whose gantry process is gone.
//
// Backend implements executor.Backend, and its legs the executor.Images
// capability. The package decides nothing about what runs next: the runner
// drives it through the executor contract and never imports it.
package docker
