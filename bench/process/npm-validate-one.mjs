#!/usr/bin/env node
// Whole-process peer of `sluice validate FILE`: start node, load @actions/workflow-parser, read one
// workflow file, parseWorkflow + convertWorkflowTemplate, print the errors, exit 1 when there are any.
// usage: node bench/process/npm-validate-one.mjs FILE
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadWorkflowParser } from "../npm/load-packages.mjs";

const path = process.argv[2];
if (!path) {
  process.stderr.write("usage: node npm-validate-one.mjs FILE\n");
  process.exit(2);
}
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await loadWorkflowParser();
const parsed = parseWorkflow({ name: ".github/workflows/" + basename(path), content: readFileSync(path, "utf8") }, new NoOperationTraceWriter());
const errors = parsed.value === undefined
  ? parsed.context.errors.getErrors().map(e => e.message)
  : ((await convertWorkflowTemplate(parsed.context, parsed.value)).errors ?? []).map(e => e.Message);
for (const e of errors) process.stdout.write(`${path}: error: ${e}\n`);
process.exit(errors.length > 0 ? 1 : 0);
