#!/usr/bin/env bash
# Builds sluice if needed (Native AOT into artifacts/sluice/, else a normal build) and runs it.
# With no arguments: runs the demo repository's (samples/shop) CI workflow with `sluice run`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
require_dotnet
require_npm

aot_dir="$root/artifacts/sluice"
jit_dir="$root/artifacts/sluice-jit"
log="$root/artifacts/build.log"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# True when the executable in $1 is missing or older than any source of the CLI and its libraries.
is_stale() {
  [[ ! -x "$1" ]] && return 0
  [[ -n "$(find "$root/src" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json" \
    -type d \( -name bin -o -name obj \) -prune -o -type f -newer "$1" -print -quit)" ]]
}

build_native() {
  local rid
  rid="$(dotnet_rid)" || { echo "no Native AOT target for $(uname -m)" >>"$log"; return 1; }
  ensure_apt_packages clang zlib1g-dev >>"$log" 2>&1 || return 1
  dotnet publish "$root/src/Sluice.Cli" -c Release -r "$rid" -p:PublishAot=true -o "$aot_dir" >>"$log" 2>&1
}

build_jit() {
  dotnet build "$root/src/Sluice.Cli" -c Release -o "$jit_dir" >>"$log" 2>&1
}

mkdir -p "$root/artifacts"
sluice="$aot_dir/sluice"
if is_stale "$sluice"; then
  : >"$log"
  echo "building sluice (Native AOT) ..." >&2
  if ! build_native; then
    echo "run.sh: Native AOT publish failed (details in artifacts/build.log); falling back to a normal build" >&2
    sluice="$jit_dir/sluice"
    if is_stale "$sluice" && ! build_jit; then
      echo "run.sh: the build failed; see artifacts/build.log" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
  fi
fi

if [[ $# -eq 0 ]]; then
  # The main job: validate the demo repository and run its workflow with sluice run.
  exec bash "$root/scripts/demo.sh" "$sluice"
fi
exec "$sluice" "$@"
