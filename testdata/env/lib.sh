# Shared helpers for testdata/env/*.sh. Source it; do not run it.
# shellcheck shell=bash

log() { printf '[%s] %s\n' "${GANTRY_ENV_TAG:-env}" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "${GANTRY_ENV_TAG:-env}" "$*" >&2; exit 1; }

# now_s: seconds since epoch with fractions (for step timings).
now_s() { date +%s.%N; }
# elapsed START: prints seconds since START with one decimal.
elapsed() { awk -v s="$1" -v e="$(now_s)" 'BEGIN { printf "%.1f", e - s }'; }

need_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (apt-get, dockerd, debootstrap)"; }

pkg_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# ensure_pkgs PKG...: installs the Debian packages that are missing, running
# apt-get update once first. Services are never started by the install:
# a policy-rc.d that denies everything is put in place if none exists.
ensure_pkgs() {
	local missing=() p
	for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
	[ "${#missing[@]}" -eq 0 ] && return 0
	need_root
	log "installing Debian packages: ${missing[*]}"
	local t0 made_policy=0
	t0=$(now_s)
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		made_policy=1
	fi
	local rc=0
	{
		DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	} || rc=$?
	[ "$made_policy" -eq 1 ] && rm -f /usr/sbin/policy-rc.d
	[ "$rc" -eq 0 ] || die "apt-get install ${missing[*]} failed (exit $rc)"
	log "packages installed in $(elapsed "$t0")s"
}

# docker_ok: true when a Docker engine answers (DOCKER_HOST or default socket).
docker_ok() { timeout 10 docker info >/dev/null 2>&1; }
