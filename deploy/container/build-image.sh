#!/usr/bin/env bash
# Builds the Sluice container image with podman, offline from any container registry, and prints its name.
#
#   deploy/container/build-image.sh        (from anywhere; prints localhost/sluice:<hash>, also tagged localhost/sluice:latest)
#
# 1. The base image, localhost/sluice/base:<hash>: Debian 12 (minbase) with bash, git, CA certificates, ICU, OpenSSL
#    and tini, made by mmdebstrap from the Debian mirror that apt on this machine uses, then `podman import`ed. No
#    registry is reachable here, so no image is pulled; mmdebstrap is installed with apt-get when missing.
# 2. The `sluice` binary: `dotnet publish src/Sluice.Cli -c Release -r linux-x64 -p:PublishAot=true` into
#    artifacts/container/context/sluice (clang and zlib1g-dev are installed when missing, as run.sh does).
# 3. `podman build -f deploy/container/Dockerfile` on that context.
#
# Each step is skipped when its inputs have not changed: the base is named by the hash of its package list and apt
# sources, the image by the hash of the sources it is built from (src/, the build files, deploy/container/) and of its
# base. A rebuild after a change to src/ costs the Native AOT publish (minutes); an unchanged tree costs nothing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

suite=bookworm
sources=/etc/apt/sources.list.d/debian.sources
[[ -f $sources ]] || sources=/etc/apt/sources.list
base_packages=(bash git ca-certificates libicu72 libssl3 tini passwd)
work="$root/artifacts/container"

fail() {
  echo "build-image.sh: $*" >&2
  exit 1
}

say() {
  echo "build-image.sh: $*" >&2
}

hash_text() {
  sha256sum | cut -c1-16
}

# The sources the image is built from, by content (bin/ and obj/ left out), so an edit not yet committed counts.
source_hash() {
  (
    cd "$root"
    find src deploy/container Directory.Build.props Directory.Packages.props global.json \
      \( -name bin -o -name obj \) -prune -o -type f -print0 | sort -z | xargs -0 sha256sum
    echo "$1"
  ) | hash_text
}

build_base() {
  local image=$1 tarball="$work/base.tar"
  command -v mmdebstrap >/dev/null 2>&1 || ensure_apt_packages mmdebstrap || fail "mmdebstrap is missing and could not be installed with apt-get"
  say "making the base image $image with mmdebstrap (Debian $suite from $sources) ..."
  rm -f "$tarball"
  local packages
  packages=$(IFS=,; echo "${base_packages[*]}")
  # minbase: essential packages and apt only. Manuals, documentation (but the copyright files) and translations are
  # not unpacked, and the apt lists are left out of the image.
  mmdebstrap --quiet --variant=minbase --include="$packages" --format=tar \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$suite" "$tarball" "$sources" >"$work/mmdebstrap.log" 2>&1 ||
    { tail -n 20 "$work/mmdebstrap.log" >&2; fail "mmdebstrap failed (log: $work/mmdebstrap.log)"; }
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' "$tarball" "$image" >/dev/null
  rm -f "$tarball"
}

publish_binary() {
  local out="$work/context/sluice" rid
  rid="$(dotnet_rid)" || fail "no Native AOT target for $(uname -m)"
  ensure_apt_packages clang zlib1g-dev >/dev/null 2>&1 || fail "clang and zlib1g-dev are needed for Native AOT and could not be installed"
  say "publishing sluice with Native AOT ($rid) ..."
  rm -rf "$work/context"
  mkdir -p "$out"
  dotnet publish "$root/src/Sluice.Cli" -c Release -r "$rid" -p:PublishAot=true -o "$out" >"$work/publish.log" 2>&1 ||
    { tail -n 20 "$work/publish.log" >&2; fail "the Native AOT publish failed (log: $work/publish.log)"; }
  rm -f "$out"/*.dbg "$out"/*.pdb
}

require_dotnet
command -v podman >/dev/null 2>&1 || ensure_apt_packages podman runc || fail "podman is missing and could not be installed with apt-get"
mkdir -p "$work"
# One build at a time on this machine (two test runs, or a test and a user).
exec 9>"$work/.lock"
flock 9

base_hash=$( { printf '%s\n' "$suite" "${base_packages[@]}"; cat "$sources"; } | hash_text)
base="localhost/sluice/base:$base_hash"
image="localhost/sluice:$(source_hash "$base")"
if podman image exists "$image"; then
  podman tag "$image" localhost/sluice:latest
  echo "$image"
  exit 0
fi

podman image exists "$base" || build_base "$base"
publish_binary
say "building $image ..."
podman build --quiet --network none --pull=never --build-arg "BASE=$base" -f "$root/deploy/container/Dockerfile" \
  -t "$image" -t localhost/sluice:latest "$work/context" >"$work/build.log" 2>&1 ||
  { tail -n 20 "$work/build.log" >&2; fail "podman build failed (log: $work/build.log)"; }
# Images of earlier states of the sources are left over: remove them (they share the base's layers, not their own).
podman images --filter reference=localhost/sluice --format '{{.Repository}}:{{.Tag}}' |
  grep -vx -e "$image" -e localhost/sluice:latest | xargs -r podman rmi >/dev/null 2>&1 || true
echo "$image"
