#!/usr/bin/env bash
# images.sh — build gantry's test images locally, only when missing.
#
#   gantry/debian:bookworm  debootstrap --variant=minbase bookworm from the
#                           Debian mirror configured in /etc/apt, then
#                           `docker import`.
#   gantry/runner:bookworm  `docker build --network host` of runner.Dockerfile
#                           FROM gantry/debian:bookworm.
#
# An image is reused when its tag exists. The runner image carries a label with
# the sha256 of its build input (runner.Dockerfile + the host's extra CA
# certificates) and is rebuilt when that changed (cached layers make a CA-only
# change take seconds).
# Environment:
#   GANTRY_EXTRA_CA_DIR=DIR   extra CAs (*.crt) the runner image trusts
#                             (default /usr/local/share/ca-certificates, the
#                             host's own; HTTPS here goes through an
#                             intercepting proxy whose CA is there)
#   GANTRY_IMAGES_FORCE=1     rebuild both images
#   GANTRY_DEBIAN_MIRROR=URL  mirror for debootstrap (default: read from /etc/apt)
#   GANTRY_DEBIAN_SUITE       default bookworm
set -euo pipefail
GANTRY_ENV_TAG=images
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
. "$HERE/lib.sh"

SUITE=${GANTRY_DEBIAN_SUITE:-bookworm}
BASE_TAG=gantry/debian:$SUITE
RUNNER_TAG=gantry/runner:$SUITE
DOCKERFILE=$HERE/runner.Dockerfile
FORCE=${GANTRY_IMAGES_FORCE:-0}
LABEL=org.gantry.build-sha256
EXTRA_CA_DIR=${GANTRY_EXTRA_CA_DIR:-/usr/local/share/ca-certificates}

docker_ok || die "no Docker engine answers; run testdata/env/engine.sh up first"

# apt_sources: prints "URI SUITE" for every enabled deb source in /etc/apt
# (one-line .list format and deb822 .sources format).
apt_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		# deb [options] URI SUITE COMPONENT...
		sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && NF >= 3 { print $2, $3 }'
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
			function flush(   i, j, nu, ns, u, s) {
				if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled !~ /^[ \t]*no/) {
					nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
					for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++)
						if (u[i] != "" && s[j] != "") print u[i], s[j]
				}
				types = uris = suites = enabled = ""
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			tolower($1) == "types:"   { sub(/^[^:]*:[ \t]*/, ""); types = $0 }
			tolower($1) == "uris:"    { sub(/^[^:]*:[ \t]*/, ""); uris = $0 }
			tolower($1) == "suites:"  { sub(/^[^:]*:[ \t]*/, ""); suites = $0 }
			tolower($1) == "enabled:" { sub(/^[^:]*:[ \t]*/, ""); enabled = $0 }
			END { flush() }
		' "$f"
	done
}

uri_for_suite() { apt_sources | awk -v s="$1" '$2 == s { print $1; exit }'; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

image_size() { docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'; }

build_base() {
	if [ "$FORCE" != 1 ] && image_exists "$BASE_TAG"; then
		log "$BASE_TAG exists ($(image_size "$BASE_TAG")); reusing it"
		return 0
	fi
	need_root
	ensure_pkgs debootstrap
	local mirror security
	mirror=${GANTRY_DEBIAN_MIRROR:-$(uri_for_suite "$SUITE")}
	[ -n "$mirror" ] || die "no Debian mirror for suite '$SUITE' found in /etc/apt/sources.list{,.d}; set GANTRY_DEBIAN_MIRROR"
	security=$(uri_for_suite "$SUITE-security")
	local work
	work=$(mktemp -d /var/tmp/gantry-rootfs.XXXXXX)
	# shellcheck disable=SC2064
	trap "umount_all '$work/rootfs'; rm -rf '$work'" EXIT
	local t0
	t0=$(now_s)
	log "debootstrap --variant=minbase $SUITE from $mirror (log $work/debootstrap.log)"
	if ! debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
		tail -n 30 "$work/debootstrap.log" >&2
		[ -f "$work/rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$work/rootfs/debootstrap/debootstrap.log" >&2
		die "debootstrap failed"
	fi
	log "debootstrap took $(elapsed "$t0")s"

	# apt sources inside the image: the same mirror, plus updates and security.
	{
		echo "deb $mirror $SUITE main"
		echo "deb $mirror $SUITE-updates main"
		[ -n "$security" ] && echo "deb $security $SUITE-security main"
	} >"$work/rootfs/etc/apt/sources.list"
	# Small, reproducible-ish image: no package caches, lists or host files.
	rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/cache/apt/*.bin \
		"$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/tmp/* "$work/rootfs"/var/log/*.log
	: >"$work/rootfs/etc/resolv.conf"
	: >"$work/rootfs/etc/hostname"

	t0=$(now_s)
	log "docker import -> $BASE_TAG"
	tar --numeric-owner -C "$work/rootfs" -c . |
		docker import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' \
			--message "debootstrap --variant=minbase $SUITE" - "$BASE_TAG" >/dev/null
	log "import took $(elapsed "$t0")s; $BASE_TAG is $(image_size "$BASE_TAG")"
	umount_all "$work/rootfs"
	rm -rf "$work"
	trap - EXIT
}

# umount_all DIR: unmount whatever debootstrap left mounted under DIR.
umount_all() {
	local m
	[ -d "$1" ] || return 0
	awk -v d="$1" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

build_runner() {
	local sum have ctx
	# Build context: the Dockerfile and extra-ca/ (host CAs, maybe none).
	ctx=$(mktemp -d /var/tmp/gantry-runner-ctx.XXXXXX)
	# shellcheck disable=SC2064
	trap "rm -rf '$ctx'" EXIT
	cp "$DOCKERFILE" "$ctx/Dockerfile"
	mkdir "$ctx/extra-ca"
	if [ -d "$EXTRA_CA_DIR" ]; then
		find "$EXTRA_CA_DIR" -maxdepth 1 -name '*.crt' -exec cp {} "$ctx/extra-ca/" \;
	fi
	sum=$(cd "$ctx" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
	if [ "$FORCE" != 1 ] && image_exists "$RUNNER_TAG"; then
		have=$(docker image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$RUNNER_TAG" 2>/dev/null || true)
		if [ "$have" = "$sum" ]; then
			log "$RUNNER_TAG exists ($(image_size "$RUNNER_TAG")); reusing it"
			rm -rf "$ctx"
			trap - EXIT
			return 0
		fi
		log "$RUNNER_TAG was built from another runner.Dockerfile or other extra CAs; rebuilding"
	fi
	local t0 buildlog old_id
	old_id=$(docker image inspect --format '{{.Id}}' "$RUNNER_TAG" 2>/dev/null || true)
	buildlog=$(mktemp /var/tmp/gantry-runner-build.XXXXXX.log)
	t0=$(now_s)
	log "docker build --network host -> $RUNNER_TAG (log $buildlog)"
	if ! DOCKER_BUILDKIT=0 docker build --network host --label "$LABEL=$sum" \
		-t "$RUNNER_TAG" "$ctx" >"$buildlog" 2>&1; then
		tail -n 40 "$buildlog" >&2
		die "docker build of $RUNNER_TAG failed; log: $buildlog"
	fi
	rm -rf "$buildlog" "$ctx"
	trap - EXIT
	# The replaced image is now untagged; drop it (fails harmlessly if in use).
	if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect --format '{{.Id}}' "$RUNNER_TAG")" ]; then
		docker rmi "$old_id" >/dev/null 2>&1 || true
	fi
	log "runner build took $(elapsed "$t0")s; $RUNNER_TAG is $(image_size "$RUNNER_TAG")"
}

T0=$(now_s)
build_base
build_runner
log "images ready in $(elapsed "$T0")s:"
for t in "$BASE_TAG" "$RUNNER_TAG"; do
	printf '  %-24s %s  %s\n' "$t" "$(image_size "$t")" "$(docker image inspect --format '{{.Id}}' "$t" | cut -c1-19)" >&2
done
