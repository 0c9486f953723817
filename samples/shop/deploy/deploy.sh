#!/usr/bin/env bash
# Deploys a published shop (the folder given as $1) on this machine as the environment SHOP_ENVIRONMENT, listening on
# 127.0.0.1:SHOP_PORT: stops the environment's running shop (its pid file), copies the build to a release folder of
# its own, starts it detached so that it outlives the job, and waits until /healthz answers.
# Everything of an environment lives in ${SHOP_DEPLOY_ROOT:-$HOME/.shop-deploys}/<environment>: shop.pid, shop.log,
# releases/. `deploy.sh --stop` only stops the environment's shop.
set -euo pipefail

environment="${SHOP_ENVIRONMENT:?set SHOP_ENVIRONMENT to the environment deployed to (staging, production)}"
port="${SHOP_PORT:?set SHOP_PORT to the port the shop of $environment listens on}"
attempts="${SHOP_HEALTH_ATTEMPTS:-60}"
home="${SHOP_DEPLOY_ROOT:-$HOME/.shop-deploys}/$environment"
url="http://127.0.0.1:$port"
mkdir -p "$home/releases"

# Whether $1 is a live shop (the pid file may name a process id that was given to another program since).
is_shop() {
  [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q 'Shop.Api.dll'
}

stop_running() {
  [[ -f "$home/shop.pid" ]] || return 0
  local pid
  pid="$(cat "$home/shop.pid")"
  if [[ -n "$pid" ]] && is_shop "$pid"; then
    echo "Stopping the shop of $environment (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    # A graceful stop takes well under a second; give up waiting after 10 s and kill it.
    for _ in $(seq 1 100); do is_shop "$pid" || break; sleep 0.1; done
    if is_shop "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$home/shop.pid"
}

stop_running
if [[ "${1:-}" == --stop ]]; then exit 0; fi

build="${1:?give the folder of the published shop (dotnet publish src/Shop.Api -o FOLDER)}"
if [[ ! -f "$build/Shop.Api.dll" ]]; then
  echo "::error::$build has no Shop.Api.dll: publish the shop there first (dotnet publish src/Shop.Api -c Release -o $build)"
  exit 1
fi

if curl -sS --max-time 2 -o /dev/null "$url/healthz" 2>/dev/null; then
  echo "::error::something that is not the shop of $environment already answers on $url: stop it, or give $environment another port (its variable)"
  exit 1
fi

# A release folder per deployment, so that the job's workspace can be cleaned; older releases go.
release="$home/releases/${GITHUB_SHA:-local}-${GITHUB_RUN_ID:-0}-$(date +%s%N)"
cp -r "$build" "$release"
find "$home/releases" -mindepth 1 -maxdepth 1 -not -path "$release" -exec rm -rf {} +

# Detached from the job: a session of its own (setsid), no terminal hang-up (nohup), no inherited output pipes, and
# without the agent's tracking variable, since the agent stops whatever carries it when the job ends (as GitHub's
# runner does with RUNNER_TRACKING_ID). The content root is the release folder, where its appsettings.json is.
echo "Starting the shop of $environment on $url from $release"
: >"$home/shop.log"
env -u SLUICE_TRACKING_ID -u RUNNER_TRACKING_ID ASPNETCORE_ENVIRONMENT=Production \
  setsid nohup bash -c 'cd "$1" && echo $$ > "$2" && exec dotnet Shop.Api.dll --urls "$3"' shop "$release" "$home/shop.pid" "$url" \
  >>"$home/shop.log" 2>&1 </dev/null &

for attempt in $(seq 1 "$attempts"); do
  sleep 0.5
  pid="$(cat "$home/shop.pid" 2>/dev/null || true)"
  if curl -fsS --max-time 2 -o /dev/null "$url/healthz" 2>/dev/null; then
    echo "The shop of $environment answers on $url/healthz (pid $pid, after $attempt attempt(s))"
    exit 0
  fi
  if [[ -n "$pid" ]] && ! is_shop "$pid"; then
    echo "::error::the shop of $environment exited while starting; its log ($home/shop.log) says:"
    tail -n 40 "$home/shop.log"
    exit 1
  fi
done

echo "::error::the shop of $environment did not answer $url/healthz within $attempts attempts; its log ($home/shop.log) says:"
tail -n 40 "$home/shop.log"
exit 1
