#!/usr/bin/env node
// Writes the workflow text (YAML document 2) of every conformance workflow case to
// OUT_DIR/NAME.yml, so that benchmarks of any implementation read the very same bytes.
//
// usage: node extract-conformance-workflows.mjs [CONFORMANCE_WORKFLOWS_DIR] [OUT_DIR]
//   defaults: ../../../shared/conformance/workflows (relative to this file), ./conformance-workflows
//
// The conformance files are multi-document YAML separated by lines that are exactly "---":
// doc 1 options, doc 2 the workflow, [reference, content]*, last doc expected JSON.
// Only doc 2 is kept; reusable-workflow pairs are dropped (benchmarks read the caller only).
// Plain Node, no dependencies.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = resolve(process.argv[2] ?? join(here, "..", "..", "..", "shared", "conformance", "workflows"));
const outDir = resolve(process.argv[3] ?? join(here, "conformance-workflows"));

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const names = readdirSync(srcDir).filter(n => n.endsWith(".yml") || n.endsWith(".yaml")).sort();
let written = 0;
let bytes = 0;
for (const name of names) {
  const text = readFileSync(join(srcDir, name), "utf8");
  const docs = text.split(/\r?\n---\r?\n/);
  if (docs.length < 3) {
    process.stderr.write(`skipping ${name}: expected at least 3 documents, found ${docs.length}\n`);
    continue;
  }
  let workflow = docs[1];
  if (!workflow.endsWith("\n")) workflow += "\n";
  const outName = basename(name).replace(/\.yaml$/, ".yml");
  writeFileSync(join(outDir, outName), workflow);
  written++;
  bytes += Buffer.byteLength(workflow);
}
process.stderr.write(`wrote ${written} workflow files (${bytes} bytes) to ${outDir}\n`);
