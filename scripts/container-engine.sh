#!/usr/bin/env bash
# Makes a Docker-compatible container engine answer on a unix socket, for Sluice.Containers' tests and for local
# container jobs, and prints its endpoint (unix:///path) on standard output. Idempotent and quiet on success.
#
#   scripts/container-engine.sh [SOCKET]      default SOCKET: /tmp/sluice-podman/podman.sock
#
# It installs podman (with runc and busybox-static) when missing, and the DNS plugin of podman's network backend
# (golang-github-containernetworking-plugin-dnsname for CNI, podman 4's default on Debian 12; aardvark-dns for
# netavark), without which containers on one network cannot find each other by name. It makes podman usable on a
# machine without systemd (containers.conf: no default ulimits, the runc runtime), builds the offline test image
# localhost/sluice-test/busybox:latest (and localhost/sluice-test/web:latest, the same with an HTTP server as its
# command) from the host's static busybox, checks that two containers on one network reach each other by alias
# (once for the installed versions: the check is skipped while they stay the same), and starts
# `podman system service` on the socket unless something already answers there. The service outlives this script.
set -euo pipefail

socket="${1:-/tmp/sluice-podman/podman.sock}"
test_image="localhost/sluice-test/busybox:latest"
# The same busybox with a command: an HTTP server on port 8080 answering "hello from the service" (services in tests).
web_image="localhost/sluice-test/web:latest"
conf=/etc/containers/containers.conf
# What name resolution depends on; the check below is remembered for exactly these packages and versions.
name_packages=(podman golang-github-containernetworking-plugin-dnsname containernetworking-plugins netavark aardvark-dns)
name_check_passed="$(dirname "$socket")/name-resolution.checked"

fail() {
  echo "container-engine.sh: $*" >&2
  exit 1
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "needs root (or sudo) to run: $*"
  fi
}

install_missing_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null 2>&1 || fail "podman is missing and there is no apt-get to install ${missing[*]}"
  echo "container-engine.sh: installing ${missing[*]} ..." >&2
  local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}")
  as_root "${install[@]}" >/dev/null 2>&1 ||
    { as_root apt-get update -qq >/dev/null && as_root "${install[@]}" >/dev/null; } ||
    fail "could not install ${missing[*]} with apt-get"
}

# Sets `key = value` inside [section] of the TOML file and keeps every other line: the setting goes right under the
# section header (an earlier value of the key in that section is dropped), or the section is appended if missing.
ensure_toml_setting() {
  local file=$1 section=$2 key=$3 value=$4
  local current=""
  [[ -f $file ]] && current=$(cat "$file")
  local updated
  updated=$(printf '%s\n' "$current" | awk -v section="[$section]" -v key="$key" -v line="$key = $value" '
    /^[[:space:]]*\[/ {
      header = $0; gsub(/[[:space:]]/, "", header)
      in_section = (header == section)
      print
      if (in_section && !seen) { print line; seen = 1 }
      next
    }
    in_section && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" { next }
    { print }
    END { if (!seen) { print ""; print section; print line } }' | sed -e '/./,$!d')
  if [[ "$updated" != "$current" ]]; then
    as_root mkdir -p "$(dirname "$file")"
    printf '%s\n' "$updated" | as_root tee "$file" >/dev/null
  fi
}

build_test_image() {
  local busybox=/bin/busybox
  [[ -x $busybox ]] || fail "$busybox is missing (package busybox-static)"
  local rootfs
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' RETURN
  mkdir -p "$rootfs"/{bin,etc,root,tmp,var/tmp,proc,sys,dev,usr}
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  cp "$busybox" "$rootfs/bin/busybox"
  local applet
  for applet in $("$busybox" --list); do
    [[ $applet == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
  done
  ln -s bin "$rootfs/sbin"
  ln -s ../bin "$rootfs/usr/bin"
  ln -s ../bin "$rootfs/usr/sbin"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/sh"]' - "$test_image" >/dev/null
  mkdir -p "$rootfs/www"
  echo "hello from the service" >"$rootfs/www/index.html"
  tar -C "$rootfs" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]' - "$web_image" >/dev/null
}

# The versions of the packages name resolution depends on, one line each (those not installed are left out).
installed_versions() {
  dpkg-query --show --showformat '${Package} ${Version}\n' "${name_packages[@]}" 2>/dev/null || true
}

# podman 4 finds containers by name on a network only through its backend's DNS plugin; without it, it makes
# networks without DNS and says nothing.
dns_package() {
  case "$(podman info --format '{{.Host.NetworkBackend}}')" in
    netavark) echo aardvark-dns ;;
    *) echo golang-github-containernetworking-plugin-dnsname ;;
  esac
}

# Two containers on one new network: one serves HTTP under the alias "web", the other fetches http://web:8080/ (with
# bounded retries while the server starts). Remembers the installed versions when it works; fails with why if not.
check_name_resolution() {
  local network="sluice-name-check-$$" server="sluice-name-check-$$-web" output="" status=0 errors
  errors=$(mktemp)
  podman network create --label sluice.check=1 "$network" >/dev/null
  # A name that does not resolve fails at once ("bad address"); only a refused connection is worth another try.
  if podman run --detach --name "$server" --network "$network" --network-alias web --label sluice.check=1 "$web_image" >/dev/null 2>"$errors"; then
    output=$(podman run --rm --network "$network" --label sluice.check=1 "$test_image" sh -c '
      for i in $(seq 1 50); do
        answer=$(wget -q -O - http://web:8080/ 2>&1) && break
        case $answer in *"bad address"*) break ;; esac
        sleep 0.1
      done
      echo "$answer"' 2>"$errors") || status=$?
  else
    status=1
  fi
  [[ -n $output ]] || output=$(tail -n 1 "$errors")
  rm -f "$errors"
  local dns
  dns=$(podman network inspect --format '{{.DNSEnabled}}' "$network" 2>/dev/null || echo unknown)
  podman rm --force --time 0 "$server" >/dev/null 2>&1 || true
  podman network rm --force "$network" >/dev/null 2>&1 || true
  if [[ $status -ne 0 || $output != "hello from the service" ]]; then
    local backend package
    backend=$(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null || echo unknown)
    package=$(dns_package)
    fail "containers on one podman network do not reach each other by name: from one, wget http://web:8080/ answered" \
      "\"${output:-nothing}\" (the other serves it under the alias web; the network's dns_enabled: $dns)." \
      "Podman's $backend network backend resolves container names only with the package $package, which is" \
      "installed: check that its plugin is where podman looks (/usr/lib/cni for CNI) and that a new network shows" \
      "dns_enabled true in \`podman network inspect\`."
  fi
  mkdir -p "$(dirname "$name_check_passed")"
  installed_versions >"$name_check_passed"
}

engine_answers() {
  [[ -S $socket ]] && curl --silent --fail --max-time 2 --unix-socket "$socket" http://engine/_ping >/dev/null 2>&1
}

start_service() {
  local dir
  dir=$(dirname "$socket")
  mkdir -p "$dir"
  rm -f "$socket"
  # setsid --fork: the service runs in a session of its own, belongs to no terminal or job of this script and keeps
  # running after it exits; setsid returns at once. Nothing of this script's output is left open in it (every stream
  # is redirected, for setsid too): whoever reads this script's output, as $(...) does, sees its end when it exits.
  # From /: conmon inherits the service's working folder and fails ("Failed to get working directory", then "write
  # child: broken pipe") once that folder is deleted, as a clone checked out for one test run is.
  (cd / && exec setsid --fork podman system service --time=0 "unix://$socket") </dev/null >"$dir/service.log" 2>&1
  local waited=0
  until engine_answers; do
    ((waited < 300)) || fail "podman system service did not answer on $socket within 30 s (see $dir/service.log)"
    sleep 0.1
    waited=$((waited + 1))
  done
}

command -v podman >/dev/null 2>&1 || install_missing_packages podman runc busybox-static
install_missing_packages busybox-static runc curl
ensure_toml_setting "$conf" containers default_ulimits '[]'
ensure_toml_setting "$conf" engine runtime '"runc"'
{ podman image exists "$test_image" && podman image exists "$web_image"; } || build_test_image
if [[ "$(cat "$name_check_passed" 2>/dev/null)" != "$(installed_versions)" ]]; then
  install_missing_packages "$(dns_package)"
  check_name_resolution
fi
# A service started before podman, conmon or runc were installed again (an upgrade, a purge and reinstall) still
# answers pings but fails to start containers ("write child: broken pipe"): stop it so a fresh one starts.
stop_stale_service() {
  local pid started installed
  pid=$(pgrep -f "podman system service --time=0 unix://$socket" | head -n 1) || return 0
  [[ -n $pid ]] || return 0
  started=$(stat -c %Y "/proc/$pid" 2>/dev/null) || return 0
  installed=$(stat -c %Y /var/lib/dpkg/info/{podman,conmon,runc}.list 2>/dev/null | sort -n | tail -n 1)
  local why=""
  [[ -n $installed && $installed -gt $started ]] && why="its packages were installed after it started"
  # A service whose working folder was deleted answers pings but cannot start containers (see start_service).
  [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == *" (deleted)" ]] && why="the folder it was started in was deleted"
  if [[ -n $why ]]; then
    echo "container-engine.sh: restarting the podman service: $why" >&2
    kill "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < 100)); do
      sleep 0.1
      waited=$((waited + 1))
    done
  fi
}

stop_stale_service
engine_answers || start_service
echo "unix://$socket"
