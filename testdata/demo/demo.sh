#!/usr/bin/env bash
# demo.sh GANTRY — run the demo workflow end to end in a throwaway
# repository, on the Docker engine with the local job image (make env).
set -euo pipefail
gantry=$(readlink -f "$1")
here=$(dirname "$(readlink -f "$0")")
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
mkdir -p "$repo/.github/workflows"
cp "$here/ci.yml" "$repo/.github/workflows/ci.yml"
git -C "$repo" init -q -b main
git -C "$repo" remote add origin https://github.com/gantry-ci/demo.git
git -C "$repo" -c user.name=demo -c user.email=demo@example.invalid add -A
git -C "$repo" -c user.name=demo -c user.email=demo@example.invalid commit -q -m "demo"
echo "== gantry validate"
"$gantry" validate -C "$repo"
echo
echo "== gantry graph"
"$gantry" graph -C "$repo"
echo
echo "== gantry run (push to main)"
"$gantry" run -C "$repo" --actor demo --pull never
