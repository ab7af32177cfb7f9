#!/usr/bin/env bash
# demo.sh GANTRY — the mission in one go: the ghcr.io example of GitHub's
# publishing guide (testdata/seeds/2-ghcr-attest.yml: checkout, login,
# metadata, build-push, attest) run end to end on a push to `release`, with
# ghcr.io mapped to a local registry on 127.0.0.1. Needs the engine and the
# job image (make env).
set -euo pipefail
gantry=$(readlink -f "$1")
here=$(dirname "$(readlink -f "$0")")
env_dir=$(readlink -f "$here/../env")
work=$(mktemp -d)
port=${GANTRY_DEMO_PORT:-5999}
user=demo
pass=demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
cleanup() {
	"$env_dir/registry.sh" down "$work/registry" >/dev/null 2>&1 || true
	docker rmi -f ghcr.io/gantry-ci/demo:release "127.0.0.1:$port/gantry-ci/demo:release" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

echo "== a local registry on 127.0.0.1:$port (htpasswd auth)"
"$env_dir/registry.sh" up "$port" "$work/registry" "$user" "$pass" >/dev/null

echo "== a repository: the fixture app and the guide's workflow, on branch release"
repo=$work/repo
mkdir -p "$repo/.github/workflows"
cp -r "$here/../fixture/." "$repo/"
cp "$here/../seeds/2-ghcr-attest.yml" "$repo/.github/workflows/publish.yml"
git -C "$repo" init -q -b release
git -C "$repo" remote add origin https://github.com/gantry-ci/demo.git
git -C "$repo" -c user.name=demo -c user.email=demo@example.invalid add -A
git -C "$repo" -c user.name=demo -c user.email=demo@example.invalid commit -q -m "demo"

echo; echo "== gantry validate"
"$gantry" validate -C "$repo"
echo; echo "== gantry run (push to release), ghcr.io → 127.0.0.1:$port"
"$gantry" run -C "$repo" -a "$user" -s "GITHUB_TOKEN=$pass" --registry-map "ghcr.io=127.0.0.1:$port" \
	--attest-key "$work/key.pem" --artifact-dir "$work/artifacts" --pull never

echo; echo "== where the image went"
digest=$(curl -fsS -u "$user:$pass" -o /dev/null -D - \
	-H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
	"http://127.0.0.1:$port/v2/gantry-ci/demo/manifests/release" | tr -d '\r' | awk 'tolower($1)=="docker-content-digest:" {print $2}')
echo "ghcr.io/gantry-ci/demo:release → 127.0.0.1:$port/gantry-ci/demo:release ($digest)"
echo "tags in the registry: $(curl -fsS -u "$user:$pass" "http://127.0.0.1:$port/v2/gantry-ci/demo/tags/list")"
echo; echo "== gantry attestation verify"
GANTRY_REGISTRY_PASSWORD=$pass "$gantry" attestation verify "ghcr.io/gantry-ci/demo@$digest" \
	--registry-map "ghcr.io=127.0.0.1:$port" --username "$user" --key "$work/key.pem.pub"
