# Sourced by measure.sh and plan-bench.sh: the scratch folder, its clean-up, and the loopback git host.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
work="$(mktemp -d)"
git_host_pid=""
cleanup() { [ -z "$git_host_pid" ] || kill "$git_host_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Serves the bare repositories under $1 with git http-backend on 127.0.0.1; its base URL goes to git_host_url.
start_git_host() {
  node "$here/git-http.mjs" "$1" >"$work/host.url" &
  git_host_pid=$!
  for _ in $(seq 100); do [ -s "$work/host.url" ] && break; sleep 0.1; done
  [ -s "$work/host.url" ] || { echo "$(basename "$0"): the git host did not start" >&2; return 1; }
  git_host_url="$(head -n 1 "$work/host.url")"
}
