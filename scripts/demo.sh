#!/usr/bin/env bash
# Sluice's main job for a newcomer: the demo repository (samples/shop) built, tested, benchmarked and judged by its
# CI workflow on a Sluice server with two local agents, as a team would run it: `sluice up` starts the server and
# the agents, the shop is registered as a repository, a push run is triggered and followed in the terminal.
# In a terminal the server then stays up (its URL printed) until Ctrl-C; without one (scripts, CI) it stops after
# the run, and the exit code is the run's. `./run.sh run push` in a copy of the shop runs it with `sluice run`.
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
export PATH="$bin:$PATH"

data="$root/artifacts/server-demo"
listen="${SLUICE_DEMO_LISTEN:-127.0.0.1:8990}"
url="http://$listen"
rm -rf "$data"
"$sluice" up --data "$data" --listen "$listen" --agents 2 >"$root/artifacts/server-demo.log" 2>&1 &
server=$!
stop() { kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

# The server is ready when it answers /readyz; sluice up writes its admin token into the data folder.
for _ in $(seq 1 300); do
  curl -fsS "$url/readyz" >/dev/null 2>&1 && [[ -s "$data/admin.token" ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$root/artifacts/server-demo.log" >&2; exit 1; }
  sleep 0.2
done

client=(--server "$url" --data "$data")
"$sluice" repo add shop "$demo" "${client[@]}"
echo "running the shop's CI workflow on the Sluice server at $url with 2 agents ..." >&2
status=0
"$sluice" trigger shop --follow "${client[@]}" || status=$?

if [[ -t 0 && -t 1 ]]; then
  echo "Sluice is up at $url (admin token in $data/admin.token); try: sluice runs --server $url --data $data. Ctrl-C stops it." >&2
  wait "$server" || true
fi
exit "$status"
