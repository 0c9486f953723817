#!/usr/bin/env node
// Peer benchmark: read + validate GitHub Actions workflow files with GitHub's own
// TypeScript implementation, @actions/workflow-parser.
//
// usage: node workflow-bench.mjs [--seconds S] [--warmup S] [--conformance] [--check] PATH...
//   PATH          workflow files, or directories (all *.yml / *.yaml below them, sorted)
//   --seconds S   measured time, default 5
//   --warmup S    warm-up time, default 1
//   --conformance treat each file as a conformance case (multi-document) and use
//                 document 2, the workflow text (bench/inputs/conformance-workflows/
//                 already holds those texts extracted)
//   --check       also print, on stderr, the errors each file gives (first pass only)
//
// The work measured per file, on text already in memory (file I/O is not timed):
//   const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
//   if (parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value);
// i.e. YAML parse + schema validation + expression syntax checks (parseWorkflow) and
// conversion to the WorkflowTemplate model with its semantic checks (convertWorkflowTemplate,
// default options: reusable workflows are not fetched). A pass is one such read of all files.
//
// Prints one JSON line on stdout. MB = 10^6 bytes of UTF-8 input.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { installedVersion, loadWorkflowParser } from "./load-packages.mjs";
import { measure, parseCommonArgs, round } from "./timing.mjs";

const opts = parseCommonArgs(process.argv.slice(2));
if (opts.rest.length === 0 || opts.flags.has("--help")) {
  process.stderr.write("usage: node workflow-bench.mjs [--seconds S] [--warmup S] [--conformance] [--check] PATH...\n");
  process.exit(opts.flags.has("--help") ? 0 : 2);
}
for (const f of opts.flags) {
  if (f !== "--conformance" && f !== "--check" && f !== "--help") throw new Error(`unknown flag ${f}`);
}

function collect(path, out) {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) collect(join(path, name), out);
  } else if (out.explicit === path || /\.ya?ml$/i.test(path)) {
    out.push(path);
  }
}

const paths = [];
for (const p of opts.rest) {
  const abs = resolve(p);
  paths.explicit = statSync(abs).isFile() ? abs : undefined;
  collect(abs, paths);
}

/** Document 2 of a conformance case: documents are separated by lines that are exactly "---". */
function conformanceWorkflowText(text) {
  const docs = text.split(/\r?\n---\r?\n/);
  if (docs.length < 3) throw new Error("expected at least 3 YAML documents");
  // same bytes as bench/inputs/extract-conformance-workflows.mjs writes
  return docs[1].endsWith("\n") ? docs[1] : docs[1] + "\n";
}

const files = paths.map(p => {
  let content = readFileSync(p, "utf8");
  if (opts.flags.has("--conformance")) content = conformanceWorkflowText(content);
  // the name only shows up in error messages, as in the conformance expectations
  return { name: ".github/workflows/" + basename(p), content, path: p };
});
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);

const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await loadWorkflowParser();
const trace = new NoOperationTraceWriter();

let sink = 0; // keeps results observable so no work can be skipped
async function pass() {
  let errorFiles = 0;
  for (const f of files) {
    const parsed = parseWorkflow({ name: f.name, content: f.content }, trace);
    if (parsed.value === undefined) {
      errorFiles++;
      sink += parsed.context.errors.count ?? 1;
      continue;
    }
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    if (template.errors) errorFiles++;
    sink += template.jobs ? template.jobs.length : 0;
  }
  return errorFiles;
}

// One untimed pass to count files that have errors (and show them on --check).
let filesWithErrors = 0;
for (const f of files) {
  const parsed = parseWorkflow({ name: f.name, content: f.content }, trace);
  const errs = parsed.value === undefined
    ? parsed.context.errors.getErrors().map(e => ({ Message: e.message }))
    : (await convertWorkflowTemplate(parsed.context, parsed.value)).errors;
  if (errs && errs.length > 0) {
    filesWithErrors++;
    if (opts.flags.has("--check")) {
      process.stderr.write(`${relative(process.cwd(), f.path)}: ${errs.length} error(s): ${errs[0].Message}\n`);
    }
  }
}

const m = await measure(pass, opts);
const result = {
  impl: "@actions/workflow-parser",
  version: installedVersion("@actions/workflow-parser"),
  runtime: `node ${process.version}`,
  input: opts.rest.join(" "),
  files: files.length,
  bytes,
  files_with_errors: filesWithErrors,
  iterations: m.iterations,
  seconds: round(m.seconds, 3),
  files_per_second: round((files.length * m.iterations) / m.seconds, 1),
  mb_per_second: round((bytes * m.iterations) / 1e6 / m.seconds, 3),
  median_ms_per_pass: round(m.medianMs, 3),
  min_ms_per_pass: round(m.minMs, 3),
  max_ms_per_pass: round(m.maxMs, 3),
  warmup_passes: m.warmupPasses
};
if (sink === -1) process.stderr.write("");
process.stdout.write(JSON.stringify(result) + "\n");
