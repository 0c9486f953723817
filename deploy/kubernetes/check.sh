#!/usr/bin/env bash
# Checks the Kubernetes manifests without a cluster, and prints one line per object checked.
#
#   deploy/kubernetes/check.sh [FOLDER]      default FOLDER: deploy/kubernetes (a folder with a kustomization.yaml)
#
# 1. `kubectl kustomize FOLDER` renders the objects (kubectl's own parser and kustomize, no cluster needed).
# 2. With a cluster that answers: `kubectl apply --dry-run=server -k FOLDER`. Without one (as here), each object is
#    checked against the Kubernetes API's types (the models of python3-kubernetes): no unknown or misspelled field,
#    the right kind of value for each, and the required fields there. `kubectl apply --dry-run=client` cannot do this
#    without a cluster: even a client-side dry run asks the API server for its resource list and schema.
# kubectl (Debian's kubernetes-client when missing), python3-kubernetes and python3-yaml are installed with apt-get.
# Exit 0: all good; 1: a manifest is wrong (said on stderr); 3: a tool is missing and cannot be installed (said why).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
folder="${1:-$here}"

unavailable() {
  echo "check.sh: $*" >&2
  exit 3
}

if ! command -v kubectl >/dev/null 2>&1; then
  ensure_apt_packages kubernetes-client >/dev/null 2>&1 || unavailable "kubectl is missing and apt-get could not install kubernetes-client"
fi
rendered=$(mktemp)
trap 'rm -f "$rendered"' EXIT
if ! kubectl kustomize "$folder" >"$rendered" 2>"$rendered.err"; then
  cat "$rendered.err" >&2
  rm -f "$rendered.err"
  echo "check.sh: kubectl kustomize $folder failed" >&2
  exit 1
fi
rm -f "$rendered.err"

if kubectl version --request-timeout=5s >/dev/null 2>&1; then
  kubectl apply --dry-run=server -k "$folder"
  exit 0
fi

ensure_apt_packages python3-kubernetes python3-yaml >/dev/null 2>&1 ||
  unavailable "no cluster answers, and apt-get could not install python3-kubernetes to check the manifests against the API's types"
# Debian's python, whose packages those are (not a python3 that comes first on PATH).
/usr/bin/python3 "$here/check_types.py" "$rendered"
