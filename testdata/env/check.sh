#!/usr/bin/env bash
# check.sh — verify the test environment end to end (engine.sh up and
# images.sh must have run):
#   - the engine answers, and no docker0/br-* bridge nor private-range IPv4
#     address (10/8, 172.16/12, 192.168/16) exists on the host;
#   - gantry/runner:bookworm runs on the host network with the engine's socket
#     mounted, and its tools (node, npm, git, docker CLI) work;
#   - registry.sh: a registry on 127.0.0.1 refuses a wrong password, accepts the
#     right one, takes a push, lists it in /v2/_catalog, serves a pull; then it
#     is stopped. The login lives in a throwaway DOCKER_CONFIG (not ~/.docker).
# Environment: GANTRY_CHECK_REGISTRY_PORT (default 5055).
set -euo pipefail
GANTRY_ENV_TAG=check
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
. "$HERE/lib.sh"

PORT=${GANTRY_CHECK_REGISTRY_PORT:-5055}
RUNNER=gantry/runner:bookworm
SOCK=/var/run/docker.sock

docker_ok || die "no Docker engine answers; run $HERE/engine.sh up"
docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}' >&2

# 1. no bridge, no private-range address
if ip -o link show | awk -F': ' '{ print $2 }' | grep -Eq '^(docker0|br-)'; then
	ip -o link show >&2
	die "a Docker bridge interface exists"
fi
if ip -o -4 addr show | awk '{ print $4 }' | grep -Eq '^(10\.|172\.(1[6-9]|2[0-9]|3[01])\.|192\.168\.)'; then
	ip -o -4 addr show >&2
	die "a private-range IPv4 address exists on the host"
fi
nets=$(docker network ls --format '{{.Name}}' | sort | tr '\n' ' ')
[ "$nets" = "host none " ] || die "unexpected Docker networks: $nets (want only host and none)"
log "ok: no bridge, no private-range address; networks: $nets"

# 2. runner image with the socket mounted
docker image inspect "$RUNNER" >/dev/null 2>&1 || die "$RUNNER missing; run $HERE/images.sh"
out=$(docker run --rm --network host -v "$SOCK:$SOCK" "$RUNNER" \
	bash -c 'node --version; npm --version; git --version; docker version --format "docker client {{.Client.Version}} server {{.Server.Version}}"')
printf '%s\n' "$out" | sed 's/^/  /' >&2
grep -q '^docker client .* server ' <<<"$out" || die "docker CLI in $RUNNER cannot reach the engine"
log "ok: $RUNNER runs with the engine socket"
# HTTPS from the job image (the npm registry; on this workplace it is reached
# through an intercepting proxy, so this also tests the CA baked in by images.sh).
if docker run --rm --network host "$RUNNER" bash -c 'cd /tmp && npm ping' >/dev/null 2>&1; then
	log "ok: npm ping from $RUNNER (HTTPS trusted)"
else
	log "WARNING: npm ping from $RUNNER failed (registry unreachable or its TLS CA untrusted)"
fi

# 3. registry with htpasswd auth
work=$(mktemp -d /tmp/gantry-check.XXXXXX)
export DOCKER_CONFIG=$work/docker-config
mkdir -p "$DOCKER_CONFIG"
IMG=127.0.0.1:$PORT/gantry/check:tiny
cleanup() {
	docker logout "127.0.0.1:$PORT" >/dev/null 2>&1 || true
	docker rmi "$IMG" >/dev/null 2>&1 || true
	"$HERE/registry.sh" down "$work/registry" || true
	rm -rf "$work"
}
trap cleanup EXIT
"$HERE/registry.sh" up "$PORT" "$work/registry" gantry s3cret-pass
if echo wrong-pass | docker login -u gantry --password-stdin "127.0.0.1:$PORT" >"$work/login.out" 2>&1; then
	die "docker login with a wrong password succeeded"
fi
log "ok: wrong password refused: $(tail -n 1 "$work/login.out")"
echo s3cret-pass | docker login -u gantry --password-stdin "127.0.0.1:$PORT" >/dev/null 2>&1 ||
	die "docker login with the right password failed"
log "ok: login accepted (config in $DOCKER_CONFIG, not ~/.docker)"
mkdir -p "$work/tiny"
echo hello >"$work/tiny/hello.txt"
tar -C "$work/tiny" -c hello.txt | docker import - "$IMG" >/dev/null
docker push "$IMG" >"$work/push.out" 2>&1 || { cat "$work/push.out" >&2; die "push failed"; }
cat=$(curl -s -u gantry:s3cret-pass "http://127.0.0.1:$PORT/v2/_catalog")
grep -q '"gantry/check"' <<<"$cat" || die "catalog does not list gantry/check: $cat"
log "ok: pushed $IMG; catalog: $cat"
docker rmi "$IMG" >/dev/null
docker pull "$IMG" >/dev/null || die "pull back failed"
log "ok: pulled it back"
docker logout "127.0.0.1:$PORT" >/dev/null
cleanup
trap - EXIT
log "all checks passed"
