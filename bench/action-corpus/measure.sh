#!/usr/bin/env bash
# The corpus measure of docs/action-corpus.md: how many real workflows `sluice run --list` plans with their actions
# fetched from a mirror. Builds the mirror (mirror.sh), serves it (file:// or git http-backend on loopback), makes a
# git repository for each corpus repository holding its workflow files (corpus and called ones, SHA pins rewritten as
# pins.sh says), runs `sluice run --list -W .github/workflows/FILE --actions-url URL` for each corpus workflow with
# one action cache shared by the whole measure and empty at its start, and counts how many plan.
#
# usage: bench/action-corpus/measure.sh [--data DIR] [--sluice CMD] [--host http|file] [--out DIR] [--only REGEX]
#   --data DIR    the corpus data, default ../shared/action-corpus beside the repository
#   --sluice CMD  the sluice command to measure (e.g. "dotnet /path/sluice.dll"); default: build src/Sluice.Cli
#   --host KIND   http (default): git http-backend behind bench/action-corpus/git-http.mjs on 127.0.0.1; file: file://
#   --out DIR     where results.tsv, summary.md and one log per workflow go, default artifacts/action-corpus
#   --only REGEX  measure only the workflows whose "OWNER/REPO PATH" matches (for a quick look)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/../shared/action-corpus" sluice="" host=http out="$root/artifacts/action-corpus" only=""
usage() { sed -n '8,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --sluice) sluice="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) usage ;;
  esac
done
case "$host" in http|file) ;; *) usage ;; esac
[ -d "$data/workflows" ] || { echo "measure.sh: no corpus data at $data (expected $data/workflows/); give --data DIR" >&2; exit 2; }
. "$here/pins.sh"
. "$here/git-host.sh"

if [ -z "$sluice" ]; then
  echo "building src/Sluice.Cli (Release)..." >&2
  dotnet build "$root/src/Sluice.Cli" -c Release -o "$work/cli" -v quiet -nologo >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; exit 1; }
  sluice="dotnet $work/cli/sluice.dll"
fi

"$here/mirror.sh" --data "$data" "$work/mirror"
if [ "$host" = http ]; then
  start_git_host "$work/mirror"
  url="$git_host_url"
else
  url="file://$work/mirror"
fi
echo "actions host: $url" >&2

# One repository per corpus repository, with every workflow file the corpus has of it.
export GIT_AUTHOR_NAME=corpus GIT_AUTHOR_EMAIL=corpus@sluice.invalid GIT_COMMITTER_NAME=corpus GIT_COMMITTER_EMAIL=corpus@sluice.invalid
while IFS=$'\t' read -r repository path commit role _ _ _ _ sum file; do
  [ -f "$data/$file" ] || { echo "measure.sh: $data/$file is missing (SOURCES.tsv names it)" >&2; exit 1; }
  [ "$(sha256sum "$data/$file" | cut -d' ' -f1)" = "$sum" ] ||
    { echo "measure.sh: $data/$file does not match its sha256 in SOURCES.tsv" >&2; exit 1; }
  checkout="$work/checkouts/${repository//\//__}"
  mkdir -p "$checkout/$(dirname "$path")"
  rewrite_pins <"$data/$file" >"$checkout/$path"
done < <(tail -n +2 "$here/SOURCES.tsv")
for checkout in "$work"/checkouts/*/; do
  git -C "$checkout" init -q -b main && git -C "$checkout" add -A && git -C "$checkout" commit -q -m corpus
done

mkdir -p "$out/logs"
results="$out/results.tsv"
printf 'repository\tpath\tactions_served\texit\tresult\treason\n' >"$results"
export SLUICE_ACTIONS_CACHE_DIR="$work/cache"
total=0 planned=0 exact=0 exact_planned=0
while IFS=$'\t' read -r repository path commit role _ _ _ served _ _; do
  [ "$role" = corpus ] || continue
  [[ -z "$only" || "$repository $path" =~ $only ]] || continue
  log="$out/logs/${repository//\//__}__$(basename "$path").log"
  set +e
  (cd "$work/checkouts/${repository//\//__}" &&
    timeout 300 $sluice run --list -W "$path" --actions-url "$url" </dev/null >"$log" 2>&1)
  code=$?
  set -e
  total=$((total + 1))
  [ "$served" = exact ] && exact=$((exact + 1))
  if [ "$code" = 0 ]; then
    result=plans reason=""
    planned=$((planned + 1))
    [ "$served" = exact ] && exact_planned=$((exact_planned + 1))
  else
    result=fails
    reason="$( (grep -m 1 -iE 'error|cannot|not found|refused' "$log" || head -n 1 "$log") | tr '\t' ' ' | cut -c1-300)"
    [ "$code" = 124 ] && reason="timed out after 300 s"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$repository" "$path" "$served" "$code" "$result" "$reason" >>"$results"
  printf '%-5s %s %s\n' "$result" "$repository" "$path" >&2
done < <(tail -n +2 "$here/SOURCES.tsv")

percent() { [ "$2" -gt 0 ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }' || echo 0; }
{
  echo "# Corpus measure"
  echo
  echo "sluice: \`$sluice\` ($(cd "$root" && git describe --always --dirty 2>/dev/null || echo unknown)); host: $host"
  echo
  echo "- planned: $planned of $total workflows ($(percent "$planned" "$total")%)"
  echo "- of the $exact whose every action is served at the commit the workflow names: $exact_planned ($(percent "$exact_planned" "$exact")%)"
  echo "- of the $((total - exact)) that use an action version newer than the data had (served by the nearest older release): $((planned - exact_planned)) ($(percent $((planned - exact_planned)) $((total - exact)))%)"
  echo
  echo "| repository | workflow | reason |"
  echo "|---|---|---|"
  awk -F'\t' 'NR > 1 && $5 == "fails" { printf "| %s | %s | %s |\n", $1, $2, $6 }' "$results"
} >"$out/summary.md"
cat "$out/summary.md"
