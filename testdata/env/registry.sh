#!/usr/bin/env bash
# registry.sh — a local Docker registry (Debian's docker-registry, distribution
# 2.8) on 127.0.0.1 with htpasswd (bcrypt) auth and filesystem storage.
#
#   registry.sh up PORT DIR USER PASS   write DIR/htpasswd and DIR/config.yml,
#                                       start the registry on 127.0.0.1:PORT in
#                                       the background (pidfile DIR/registry.pid,
#                                       log DIR/registry.log, blobs DIR/data),
#                                       wait until /v2/ answers 401.
#   registry.sh down DIR                stop the registry started in DIR.
#   registry.sh status DIR
#
# `up` is idempotent: a registry already running from DIR on PORT that accepts
# USER/PASS is left alone; one with another port or password is restarted.
# The engine allows plain HTTP to 127.0.0.0/8 by default, so no
# --insecure-registry flag is needed for `docker login/push 127.0.0.1:PORT`.
set -euo pipefail
GANTRY_ENV_TAG=registry
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

REGISTRY_BIN=${GANTRY_REGISTRY_BIN:-/usr/bin/docker-registry}
WAIT=${GANTRY_REGISTRY_WAIT:-30}

usage() {
	echo "usage: $0 up PORT DIR USER PASS | down DIR | status DIR" >&2
	exit 2
}

# reg_pid DIR: the pid of the registry started in DIR, if it is alive.
reg_pid() {
	local f=$1/registry.pid pid
	[ -s "$f" ] || return 1
	pid=$(cat "$f")
	[ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = docker-registry ] || return 1
	echo "$pid"
}

v2_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$1/v2/" 2>/dev/null || true; }

up() {
	[ $# -eq 4 ] || usage
	local port=$1 dir=$2 user=$3 pass=$4
	[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "bad PORT '$port'"
	[ -n "$user" ] && [ -n "$pass" ] || die "USER and PASS must not be empty"
	case "$user" in *:*) die "USER must not contain ':'" ;; esac
	ensure_pkgs docker-registry apache2-utils
	[ -x "$REGISTRY_BIN" ] || die "$REGISTRY_BIN not found (Debian package docker-registry)"
	mkdir -p "$dir"
	dir=$(readlink -f "$dir")

	local pid
	if pid=$(reg_pid "$dir"); then
		if [ "$(cat "$dir/port" 2>/dev/null)" = "$port" ] &&
			htpasswd -vb "$dir/htpasswd" "$user" "$pass" >/dev/null 2>&1 &&
			[ "$(v2_code "$port")" = 401 ]; then
			log "registry already running (pid $pid) on 127.0.0.1:$port from $dir"
			return 0
		fi
		log "registry in $dir runs with another port or password; restarting it"
		down "$dir"
	fi
	local code
	code=$(v2_code "$port")
	[ -z "$code" ] || [ "$code" = 000 ] || die "something already answers on 127.0.0.1:$port (HTTP $code)"

	mkdir -p "$dir/data"
	htpasswd -Bbn "$user" "$pass" >"$dir/htpasswd.tmp"
	mv "$dir/htpasswd.tmp" "$dir/htpasswd"
	cat >"$dir/config.yml" <<-YAML
		version: 0.1
		log:
		  level: info
		  fields:
		    service: gantry-test-registry
		storage:
		  filesystem:
		    rootdirectory: $dir/data
		  delete:
		    enabled: true
		  cache:
		    blobdescriptor: inmemory
		http:
		  addr: 127.0.0.1:$port
		  secret: $(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
		  headers:
		    X-Content-Type-Options: [nosniff]
		auth:
		  htpasswd:
		    realm: gantry-test-registry
		    path: $dir/htpasswd
	YAML
	echo "$port" >"$dir/port"

	local t0 launched
	t0=$(now_s)
	# REGISTRY_* variables would override config.yml; drop them.
	# shellcheck disable=SC2046
	setsid nohup env $(compgen -e | grep '^REGISTRY_' | sed 's/^/-u /') \
		"$REGISTRY_BIN" serve "$dir/config.yml" </dev/null >>"$dir/registry.log" 2>&1 &
	launched=$!
	echo "$launched" >"$dir/registry.pid"
	local deadline=$((SECONDS + WAIT))
	while [ "$(v2_code "$port")" != 401 ]; do
		if ! kill -0 "$launched" 2>/dev/null; then
			tail -n 20 "$dir/registry.log" >&2 || true
			rm -f "$dir/registry.pid"
			die "docker-registry exited during start-up; log: $dir/registry.log"
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			tail -n 20 "$dir/registry.log" >&2 || true
			down "$dir"
			die "registry did not answer 401 on http://127.0.0.1:$port/v2/ within ${WAIT}s"
		fi
		sleep 0.2
	done
	log "registry (pid $launched) answers 401 on http://127.0.0.1:$port/v2/ after $(elapsed "$t0")s; data in $dir/data"
}

down() {
	[ $# -eq 1 ] || usage
	local dir pid
	dir=$(readlink -f "$1" 2>/dev/null || echo "$1")
	if ! pid=$(reg_pid "$dir"); then
		log "no registry started in $dir is running"
		rm -f "$dir/registry.pid"
		return 0
	fi
	kill -TERM "$pid"
	local deadline=$((SECONDS + 20))
	while [ -d "/proc/$pid" ]; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			kill -KILL "$pid" 2>/dev/null || true
			sleep 0.5
			break
		fi
		sleep 0.2
	done
	[ -d "/proc/$pid" ] && die "registry (pid $pid) is still running"
	rm -f "$dir/registry.pid"
	log "registry (pid $pid) stopped"
}

status() {
	[ $# -eq 1 ] || usage
	local dir pid
	dir=$(readlink -f "$1" 2>/dev/null || echo "$1")
	if pid=$(reg_pid "$dir"); then
		echo "registry running: pid $pid, 127.0.0.1:$(cat "$dir/port" 2>/dev/null), dir $dir"
	else
		echo "no registry running from $dir"
		return 1
	fi
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
up) up "$@" ;;
down) down "$@" ;;
status) status "$@" ;;
*) usage ;;
esac
