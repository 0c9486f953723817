#!/usr/bin/env bash
# Sluice's main job for a newcomer: validate the demo repository (samples/shop) and run its CI workflow with
# `sluice run`, as GitHub would: build, tests on a matrix with coverage, a benchmark, a smoke test of the
# service, and the quality gate, in parallel jobs that pass artifacts to each other.
# The sample runs as a repository of its own: a fresh git copy under artifacts/shop-demo.
set -euo pipefail

sluice="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

command -v git >/dev/null 2>&1 || ensure_apt_packages git
command -v curl >/dev/null 2>&1 || ensure_apt_packages curl

"$sluice" validate "$root/samples/shop/.github/workflows"

demo="$root/artifacts/shop-demo"
rm -rf "$demo"
mkdir -p "$demo"
# Only what git tracks: no build output of earlier runs.
git -C "$root" ls-files -z -- samples/shop | while IFS= read -r -d '' file; do
  mkdir -p "$demo/$(dirname "${file#samples/shop/}")"
  cp "$root/$file" "$demo/${file#samples/shop/}"
done
git -C "$demo" init -q -b main
git -C "$demo" add .
git -C "$demo" -c user.name="Sluice demo" -c user.email=demo@sluice.invalid commit -q -m "the shop"

# The sample's quality job calls `sluice` from PATH, as on a Sluice agent.
bin="$demo-bin"
mkdir -p "$bin"
if [[ "$sluice" == *.dll ]]; then
  printf '#!/bin/sh\nexec dotnet "%s" "$@"\n' "$sluice" > "$bin/sluice"
  chmod +x "$bin/sluice"
else
  ln -sf "$sluice" "$bin/sluice"
fi

cd "$demo"
echo "running the shop's CI workflow with sluice run in $demo ..." >&2
PATH="$bin:$PATH" exec "$sluice" run push
