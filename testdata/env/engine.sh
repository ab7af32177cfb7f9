#!/usr/bin/env bash
# engine.sh up|down|status — provision a Docker engine for gantry's tests.
#
# up:   if `docker info` already answers, do nothing. Otherwise install the
#       test environment's Debian packages when missing and start dockerd in
#       the background with NO bridge and NO iptables rules:
#         dockerd --bridge=none --iptables=false --ip-masq=false
#       listening on unix:///var/run/docker.sock only. Containers must use
#       `--network host`.
# down: stop the dockerd that `up` started (and only that one).
#
# Environment (defaults):
#   GANTRY_DOCKER_ROOT=/var/lib/gantry-docker  data-root (images, containers)
#   GANTRY_DOCKER_STATE=/run/gantry-docker     pidfile, log, exec-root
#   GANTRY_DOCKER_WAIT=60                      seconds to wait for the engine
set -euo pipefail
GANTRY_ENV_TAG=engine
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

ROOT=${GANTRY_DOCKER_ROOT:-/var/lib/gantry-docker}
STATE=${GANTRY_DOCKER_STATE:-/run/gantry-docker}
WAIT=${GANTRY_DOCKER_WAIT:-60}
SOCK=/var/run/docker.sock
PIDFILE=$STATE/dockerd.pid
LOGFILE=$STATE/dockerd.log

# Every package the test environment needs; installed in one apt-get run.
PKGS=(docker.io docker-registry debootstrap apache2-utils)

# our_pid: prints the pid of the dockerd this script started, if it is alive.
our_pid() {
	[ -s "$PIDFILE" ] || return 1
	local pid
	pid=$(cat "$PIDFILE")
	[ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
	echo "$pid"
}

print_version() {
	docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}}, min {{.Server.MinAPIVersion}}); client {{.Client.Version}} at '"$(command -v docker)"
}

up() {
	if docker_ok; then
		log "a Docker engine already answers; nothing to do"
		print_version
		return 0
	fi
	need_root
	local t0
	ensure_pkgs "${PKGS[@]}"
	command -v dockerd >/dev/null || die "dockerd not found after installing docker.io"

	if pid=$(our_pid); then
		die "dockerd (pid $pid) from an earlier 'up' is running but does not answer; see $LOGFILE, or run '$0 down'"
	fi
	if [ -S "$SOCK" ] && ! docker_ok; then
		log "removing stale socket $SOCK"
		rm -f "$SOCK"
	fi
	mkdir -p "$ROOT" "$STATE"
	rm -f "$PIDFILE"
	t0=$(now_s)
	log "starting dockerd (data-root $ROOT, log $LOGFILE)"
	# setsid: own session, so it outlives the calling shell and its job control.
	setsid nohup dockerd \
		--bridge=none --iptables=false --ip-masq=false --ip6tables=false \
		--host "unix://$SOCK" \
		--data-root "$ROOT" \
		--exec-root "$STATE/exec" \
		--pidfile "$PIDFILE" \
		</dev/null >>"$LOGFILE" 2>&1 &
	local launched=$!
	local deadline=$((SECONDS + WAIT))
	until DOCKER_HOST="unix://$SOCK" docker_ok; do
		if ! kill -0 "$launched" 2>/dev/null; then
			tail -n 30 "$LOGFILE" >&2 || true
			die "dockerd exited during start-up; log: $LOGFILE"
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			tail -n 30 "$LOGFILE" >&2 || true
			die "dockerd did not answer within ${WAIT}s; log: $LOGFILE (it is still running as pid $launched; '$0 down' stops it)"
		fi
		sleep 0.5
	done
	log "dockerd (pid $(cat "$PIDFILE")) answered after $(elapsed "$t0")s"
	if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != "unix://$SOCK" ]; then
		log "note: DOCKER_HOST=$DOCKER_HOST does not point at the engine started here (unix://$SOCK)"
	fi
	DOCKER_HOST="unix://$SOCK" print_version
}

down() {
	local pid
	if ! pid=$(our_pid); then
		log "no dockerd started by this script is running; nothing to stop"
		rm -f "$PIDFILE"
		return 0
	fi
	log "stopping dockerd (pid $pid)"
	kill -TERM "$pid"
	local deadline=$((SECONDS + 60))
	while [ -d "/proc/$pid" ]; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			log "dockerd did not exit within 60s; sending SIGKILL"
			kill -KILL "$pid" 2>/dev/null || true
			sleep 1
			break
		fi
		sleep 0.5
	done
	[ -d "/proc/$pid" ] && die "dockerd (pid $pid) is still running"
	rm -f "$PIDFILE"
	# dockerd leaves its default network-namespace handle mounted in exec-root.
	local m
	awk -v d="$STATE/exec" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r |
		while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
	log "dockerd stopped"
}

status() {
	if pid=$(our_pid); then echo "dockerd started by engine.sh: pid $pid"; else echo "no dockerd started by engine.sh"; fi
	if docker_ok; then print_version; else echo "no engine answers"; return 1; fi
}

case "${1:-}" in
up) up ;;
down) down ;;
status) status ;;
*) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
