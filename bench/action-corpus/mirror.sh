#!/usr/bin/env bash
# Builds the action mirror of the corpus: one bare git repository OUT/OWNER/REPO.git for each action (or reusable
# workflow) repository the corpus workflows reach, holding, at each version they ask for, the files the plan check
# reads (FILES.tsv: action.yml, called workflows; "stand-in" rows are files an action.yml points at, such as
# runs.main or a Dockerfile, written as a one-line note since their contents are not kept), with the tags and branches
# of ACTIONS.tsv. A version pinned by commit SHA is served as the tag pin-<sha> (see pins.sh). OUT/OWNER/REPO is a
# symbolic link to REPO.git, for hosts that do not add .git. Commits are made with a fixed author and date, so the
# same data always gives the same commit ids.
#
# usage: bench/action-corpus/mirror.sh [--data DIR] OUT
#   --data DIR  the corpus data (workflows/ and actions/), default ../shared/action-corpus beside the repository
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/../shared/action-corpus" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    -*) echo "usage: bench/action-corpus/mirror.sh [--data DIR] OUT" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done
[ -n "$out" ] || { echo "usage: bench/action-corpus/mirror.sh [--data DIR] OUT" >&2; exit 2; }
[ -d "$data/actions" ] || { echo "mirror.sh: no corpus data at $data (expected $data/actions/); give --data DIR" >&2; exit 2; }
. "$here/pins.sh"

export GIT_AUTHOR_NAME="Sluice corpus mirror" GIT_AUTHOR_EMAIL="mirror@sluice.invalid"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

rm -rf "$out"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# The blob of one FILES.tsv row, checked against its recorded hash; stand-ins say what they stand for.
blob_of() { # repo dir, repository, commit, path, kind, sha256
  local git_dir="$1" repository="$2" commit="$3" path="$4" kind="$5" sum="$6" file
  if [ "$kind" = stand-in ]; then
    local mark="#"
    case "$path" in *.js|*.mjs|*.cjs|*.ts) mark="//" ;; esac
    printf '%s Stand-in for %s of %s at %s: the corpus mirror keeps only what the plan check reads (docs/action-corpus.md).\n' \
      "$mark" "$path" "$repository" "$commit" | git --git-dir="$git_dir" hash-object -w --stdin
    return
  fi
  file="$data/actions/$repository/$commit/$path"
  [ -f "$file" ] || { echo "mirror.sh: $file is missing (FILES.tsv names it)" >&2; return 1; }
  [ "$(sha256sum "$file" | cut -d' ' -f1)" = "$sum" ] ||
    { echo "mirror.sh: $file does not match its sha256 in FILES.tsv" >&2; return 1; }
  rewrite_pins <"$file" | git --git-dir="$git_dir" hash-object -w --stdin
}

repositories=0 commits=0
declare -A commit_of   # "repository commit" -> mirror commit
while IFS=$'\t' read -r repository commit path kind sum; do
  git_dir="$out/$repository.git"
  if [ ! -d "$git_dir" ]; then
    git init -q --bare "$git_dir"
    ln -s "$(basename "$repository").git" "$out/$repository"
    repositories=$((repositories + 1))
  fi
  index="$scratch/${repository//\//__}__$commit.index"
  blob="$(blob_of "$git_dir" "$repository" "$commit" "$path" "$kind" "$sum")"
  GIT_INDEX_FILE="$index" git --git-dir="$git_dir" update-index --add --cacheinfo "100644,$blob,$path"
  commit_of["$repository $commit"]="$index"
done < <(tail -n +2 "$here/FILES.tsv")

for key in "${!commit_of[@]}"; do
  repository="${key% *}" upstream="${key#* }" git_dir="$out/${key% *}.git"
  tree="$(GIT_INDEX_FILE="${commit_of[$key]}" git --git-dir="$git_dir" write-tree)"
  commit_of["$key"]="$(git --git-dir="$git_dir" commit-tree "$tree" \
    -m "$repository at $upstream: the files of it that the plan check reads")"
  commits=$((commits + 1))
done

refs=0
while IFS=$'\t' read -r repository ref kind served _; do
  git_dir="$out/$repository.git" commit="${commit_of["$repository $served"]:-}"
  [ -n "$commit" ] || { echo "mirror.sh: ACTIONS.tsv serves $repository@$ref from $served, which FILES.tsv lacks" >&2; exit 1; }
  case "$kind" in
    tag) git --git-dir="$git_dir" update-ref "refs/tags/$ref" "$commit" ;;
    branch) git --git-dir="$git_dir" update-ref "refs/heads/$ref" "$commit" ;;
    sha) git --git-dir="$git_dir" update-ref "refs/tags/pin-$ref" "$commit" ;;
    *) echo "mirror.sh: unknown kind '$kind' for $repository@$ref in ACTIONS.tsv" >&2; exit 1 ;;
  esac
  refs=$((refs + 1))
done < <(tail -n +2 "$here/ACTIONS.tsv")

# Every repository gets a default branch, as a host's would have.
for git_dir in "$out"/*/*.git; do
  if ! git --git-dir="$git_dir" rev-parse -q --verify HEAD >/dev/null; then
    first="$(git --git-dir="$git_dir" for-each-ref --count=1 --format='%(objectname)' refs/tags refs/heads)"
    git --git-dir="$git_dir" update-ref refs/heads/main "$first"
    git --git-dir="$git_dir" symbolic-ref HEAD refs/heads/main
  fi
  git --git-dir="$git_dir" update-server-info
done
echo "mirror: $repositories repositories, $commits versions, $refs refs in $out" >&2
