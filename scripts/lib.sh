# Shared helpers for run.sh and test.sh. Source it; it defines functions only.

# Installs Debian packages that are missing, using apt-get (directly as root, else through sudo).
# Returns non-zero, without failing the caller, when they cannot be installed.
ensure_apt_packages() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "missing packages ${missing[*]} and no sudo to install them" >&2; return 1; }
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null 2>&1 || { echo "missing packages ${missing[*]} and no apt-get to install them" >&2; return 1; }

  echo "installing ${missing[*]} ..." >&2
  "${sudo[@]}" apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The .NET runtime identifier of this machine, for publishing a native executable.
dotnet_rid() {
  case "$(uname -m)" in
    x86_64 | amd64) echo linux-x64 ;;
    aarch64 | arm64) echo linux-arm64 ;;
    *) return 1 ;;
  esac
}

require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK is required: https://dotnet.microsoft.com/download" >&2; exit 1; }
}

# npm, which the build uses to fetch the dashboard's chart library and the browser tests' accessibility checker
# (package-lock.json files pin both). Images with Node.js have it; else Debian's npm brings it.
require_npm() {
  command -v npm >/dev/null 2>&1 && return 0
  ensure_apt_packages npm </dev/null && command -v npm >/dev/null 2>&1 ||
    { echo "npm is required to build the dashboard (its chart library comes from npm); install Node.js with npm" >&2; exit 1; }
}
