#!/usr/bin/env bash
# test.sh CMD... — run CMD (the test suite) with a Docker engine and the job
# image available, provisioning them when missing. An engine this script
# started is stopped afterwards: tests stop what they start.
set -euo pipefail
GANTRY_ENV_TAG=test
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
. "$HERE/lib.sh"

# Everything the tests use besides the engine: the registry, and Debian's
# chromium for gantry serve's page test.
ensure_pkgs docker.io docker-registry debootstrap apache2-utils chromium
started=0
if ! docker_ok; then
	"$HERE/engine.sh" up
	started=1
fi
stop() {
	if [ "$started" = 1 ]; then
		"$HERE/engine.sh" down || log "could not stop the engine this run started"
	fi
}
trap stop EXIT
"$HERE/images.sh"
"$@"
