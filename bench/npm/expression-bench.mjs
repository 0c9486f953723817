#!/usr/bin/env node
// Peer benchmark: GitHub Actions expressions with GitHub's own TypeScript implementation,
// @actions/expressions.
//
// usage: node expression-bench.mjs [--seconds S] [--warmup S] [CASES_JSON]
//   CASES_JSON    default ../inputs/expressions.json: a JSON list of { "expr", "contexts" }
//   --seconds S   measured time for EACH of the two modes, default 5
//   --warmup S    warm-up time before each mode, default 1
//
// Untimed setup, once per case:
//   const ctx   = JSON.parse(JSON.stringify(contexts), data.reviver);   // data.Dictionary
//   const names = Object.keys(contexts);                                // allowed named-values
// Mode "parse_and_eval" (a pass = every case once):
//   const tokens = new Lexer(expr).lex().tokens;
//   const ast    = new Parser(tokens, names, []).parse();
//   const value  = new Evaluator(ast, ctx).evaluate();    // ast undefined (empty expr) => null
// Mode "eval" (evaluate-only, trees parsed once before timing):
//   const value  = new Evaluator(ast, ctx).evaluate();
//
// Prints one JSON line on stdout.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installedVersion, loadExpressions } from "./load-packages.mjs";
import { measure, parseCommonArgs, round } from "./timing.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const opts = parseCommonArgs(process.argv.slice(2));
if (opts.flags.has("--help")) {
  process.stderr.write("usage: node expression-bench.mjs [--seconds S] [--warmup S] [CASES_JSON]\n");
  process.exit(0);
}
for (const f of opts.flags) throw new Error(`unknown flag ${f}`);
const casesPath = resolve(opts.rest[0] ?? join(here, "..", "inputs", "expressions.json"));

const { Lexer, Parser, Evaluator, data } = await loadExpressions();

const raw = JSON.parse(readFileSync(casesPath, "utf8"));
if (!Array.isArray(raw) || raw.length === 0) throw new Error(`${casesPath}: expected a non-empty JSON list`);
const cases = raw.map(c => {
  const contexts = c.contexts ?? {};
  const ctx = JSON.parse(JSON.stringify(contexts), data.reviver);
  const names = Object.keys(contexts);
  const ast = new Parser(new Lexer(c.expr).lex().tokens, names, []).parse();
  return { expr: c.expr, ctx, names, ast };
});
const exprBytes = cases.reduce((n, c) => n + Buffer.byteLength(c.expr), 0);

// An empty expression parses to undefined and means null (as in GitHub's own test harness).
const NULL = new data.Null();
let sink = 0; // keeps every result observable
function parseAndEvalPass() {
  for (const c of cases) {
    const tokens = new Lexer(c.expr).lex().tokens;
    const ast = new Parser(tokens, c.names, []).parse();
    const value = ast === undefined ? NULL : new Evaluator(ast, c.ctx).evaluate();
    sink += value.kind;
  }
}
function evalPass() {
  for (const c of cases) {
    const value = c.ast === undefined ? NULL : new Evaluator(c.ast, c.ctx).evaluate();
    sink += value.kind;
  }
}

// Synchronous pass functions: measure() awaits them, which costs one microtask per pass.
const pe = await measure(parseAndEvalPass, opts);
const ev = await measure(evalPass, opts);

const n = cases.length;
const result = {
  impl: "@actions/expressions",
  version: installedVersion("@actions/expressions"),
  runtime: `node ${process.version}`,
  cases: n,
  expr_bytes: exprBytes,
  evaluations_per_second: round((n * ev.iterations) / ev.seconds, 0),
  parse_and_eval_per_second: round((n * pe.iterations) / pe.seconds, 0),
  eval: {
    iterations: ev.iterations,
    seconds: round(ev.seconds, 3),
    median_ms_per_pass: round(ev.medianMs, 4),
    min_ms_per_pass: round(ev.minMs, 4)
  },
  parse_and_eval: {
    iterations: pe.iterations,
    seconds: round(pe.seconds, 3),
    median_ms_per_pass: round(pe.medianMs, 4),
    min_ms_per_pass: round(pe.minMs, 4)
  }
};
if (sink === -1) process.stderr.write("");
process.stdout.write(JSON.stringify(result) + "\n");
