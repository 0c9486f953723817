#!/usr/bin/env bash
# The plan check of a workflow that uses 20 actions of other repositories, cold (empty action cache, every action
# fetched from a git host on loopback) and warm (the cache filled by an earlier run), timed as whole
# `sluice run --list` processes; the host counts the requests of each run. Two workflows: the 20 actions pinned by
# tag and the same 20 pinned by commit SHA (a warm run asks the host nothing in either case: a tag resolved in the
# last hour is used as it was, unless --refresh-actions).
#
# usage: bench/action-corpus/plan-bench.sh [--data DIR] [--sluice CMD] [--runs N]
#   --data DIR    the corpus data, default ../shared/action-corpus beside the repository
#   --sluice CMD  the sluice command (default: bench/publish-cli.sh: Native AOT, or a JIT build when that fails)
#   --runs N      timed runs of each kind, default 10 (their median is printed)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/../shared/action-corpus" sluice="" runs=10
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --sluice) sluice="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) sed -n '8,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
. "$here/git-host.sh"

if [ -z "$sluice" ]; then
  (cd "$root" && bench/publish-cli.sh "$work")
  sluice="$work/cli/sluice"
  [ "$(cat "$work/cli/.mode")" = aot ] || sluice="dotnet $work/cli/sluice.dll"
fi

"$here/mirror.sh" --data "$data" "$work/mirror"
export GIT_HTTP_LOG="$work/requests.log"
start_git_host "$work/mirror"
url="$git_host_url"

# The 20 most used actions of the corpus that Sluice has no built-in for, each at the tag the corpus uses most.
picked="$(awk -F'\t' 'NR > 1 && $3 == "tag" { print $1 "\t" $2 }' "$here/ACTIONS.tsv" |
  grep -vE '^actions/(checkout|cache|upload-artifact|download-artifact|setup-(node|python|go|java|dotnet))	' |
  while IFS=$'\t' read -r repository ref; do
    uses="$(grep -rhoE "uses:[[:space:]]*['\"]?$repository(/[^@[:space:]]*)?@$ref([[:space:]'\"]|$)" "$data/workflows" | wc -l)"
    printf '%s\t%s\t%s\n' "$uses" "$repository" "$ref"
  done | sort -t$'\t' -k1,1nr -k2,2 | awk -F'\t' '!seen[$2]++' | head -n 20)"
[ "$(printf '%s\n' "$picked" | wc -l)" = 20 ] || { echo "plan-bench.sh: fewer than 20 actions to pick from" >&2; exit 1; }

# The action's folder inside its repository: where the mirror has an action.yml, the root if it has one.
action_path() { # repository commit
  awk -F'\t' -v r="$1" -v c="$2" '$1 == r && $2 == c && $3 ~ /(^|\/)action\.ya?ml$/ { print $3 }' "$here/FILES.tsv" |
    sort | head -n 1 | sed -E 's#/?action\.ya?ml$##'
}
for pin in tag sha; do
  repo="$work/repo-$pin"
  mkdir -p "$repo/.github/workflows"
  {
    printf 'name: twenty actions (%s)\non: push\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n' "$pin"
    while IFS=$'\t' read -r _ repository ref; do
      served="$(awk -F'\t' -v r="$repository" -v f="$ref" '$1 == r && $2 == f { print $4 }' "$here/ACTIONS.tsv")"
      sub="$(action_path "$repository" "$served")"
      target="$ref"
      [ "$pin" = sha ] && target="$(git --git-dir="$work/mirror/$repository.git" rev-parse "refs/tags/$ref^{commit}")"
      printf '      - uses: %s%s@%s\n' "$repository" "${sub:+/$sub}" "$target"
    done <<<"$picked"
  } >"$repo/.github/workflows/twenty.yml"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@sluice.invalid commit -q -m bench
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
plan() { # pin cache → milliseconds; requests appended to the log
  local start end
  start=$(date +%s%N)
  (cd "$work/repo-$1" && SLUICE_ACTIONS_CACHE_DIR="$2" $sluice run --list -W .github/workflows/twenty.yml --actions-url "$url" \
    >"$work/last.log" 2>&1) || { echo "plan-bench.sh: the plan failed:" >&2; cat "$work/last.log" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
requests() { wc -l <"$GIT_HTTP_LOG" 2>/dev/null || echo 0; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "sluice: $sluice; host: $url (git http-backend behind node on loopback); $runs runs each"
echo "actions (tag pins): $(sed -n 's/^ *- uses: //p' "$work/repo-tag/.github/workflows/twenty.yml" | tr '\n' ' ')"
for pin in tag sha; do
  cold=() warm=() cold_requests=0 warm_requests=0
  for i in $(seq "$runs"); do
    rm -rf "$work/cache"
    : >"$GIT_HTTP_LOG"
    cold+=("$(plan "$pin" "$work/cache")")
    cold_requests=$(requests)
    : >"$GIT_HTTP_LOG"
    warm+=("$(plan "$pin" "$work/cache")")
    warm_requests=$(requests)
  done
  warm_asked="$(sed -E 's#^[A-Z]+ /([^/]+/[^/]+)/.*#\1#' "$GIT_HTTP_LOG" | sort -u | tr '\n' ' ')"
  cold_median=$(printf '%s\n' "${cold[@]}" | median)
  warm_median=$(printf '%s\n' "${warm[@]}" | median)
  printf '%s pins: cold %s ms (%s requests), warm %s ms (%s requests), cold/warm %s\n' "$pin" "$cold_median" \
    "$cold_requests" "$warm_median" "$warm_requests" "$(awk -v a="$cold_median" -v b="$warm_median" 'BEGIN { printf "%.2fx", a / b }')"
  echo "  cold runs (ms): ${cold[*]}; warm runs (ms): ${warm[*]}; a warm run asked the host about: ${warm_asked:-nothing}"
done
