#!/usr/bin/env bash
# Prints "PASSED FAILED", summed over the <Counters> element of each TRX file given.
# Errors, timeouts and aborted tests count as failed.
set -euo pipefail

attribute() { # name, counters-element -> value (0 when absent)
  local value
  value="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2")"
  echo "${value:-0}"
}

passed=0
failed=0
for trx in "$@"; do
  counters="$(tr -d '\n' <"$trx" | grep -o '<Counters [^>]*>' | head -n 1 || true)"
  [[ -z "$counters" ]] && { failed=$((failed + 1)); continue; }
  passed=$((passed + $(attribute passed "$counters")))
  for name in failed error timeout aborted; do
    failed=$((failed + $(attribute "$name" "$counters")))
  done
done
echo "$passed $failed"
