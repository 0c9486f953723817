#!/usr/bin/env bash
# Publishes src/Sluice.Cli to OUT/cli for the benchmarks: Native AOT, or, when that fails, a framework-dependent
# Release build (JIT), said loudly. OUT/cli/.mode records which ("aot" or "jit"); the log is OUT/publish.log.
#
# usage: bench/publish-cli.sh OUT   (run from the repository root)
set -euo pipefail
out="${1:?usage: bench/publish-cli.sh OUT}"
rm -rf "$out/cli"
echo "publishing src/Sluice.Cli with Native AOT..." >&2
if dotnet publish src/Sluice.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$out/cli" -v quiet -nologo >"$out/publish.log" 2>&1; then
  echo "aot" >"$out/cli/.mode"
else
  echo "NATIVE AOT PUBLISH FAILED (log: $out/publish.log); falling back to a framework-dependent Release publish (JIT)." >&2
  tail -n 20 "$out/publish.log" >&2
  rm -rf "$out/cli"
  dotnet publish src/Sluice.Cli -c Release -o "$out/cli" -v quiet -nologo >>"$out/publish.log" 2>&1
  echo "jit" >"$out/cli/.mode"
fi
