#!/usr/bin/env node
// Builds bench/inputs/expressions.json: a flat list of { "expr", "contexts" } cases for
// expression-evaluation throughput, drawn from the conformance expression files.
//
// usage: node make-expression-inputs.mjs [CONFORMANCE_EXPRESSIONS_DIR] [OUT_FILE]
//   defaults: ../../../shared/conformance/expressions, ../inputs/expressions.json
//
// A case is kept when
//   - it has an expected "result" (so a correct implementation evaluates it without error),
//   - it is not marked options.skip: ["typescript"], and
//   - @actions/expressions lexes, parses and evaluates it without throwing.
// "contexts" is always written (an empty object when the case has none); the parser is
// given the top-level context names, as GitHub's own cross-language test harness does.
// Cases are written in file order (files sorted by name), one per line.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installedVersion, loadExpressions } from "./load-packages.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = resolve(process.argv[2] ?? join(here, "..", "..", "..", "shared", "conformance", "expressions"));
const outFile = resolve(process.argv[3] ?? join(here, "..", "inputs", "expressions.json"));

const { Lexer, Parser, Evaluator, data } = await loadExpressions();

const kindNames = new Map([
  [data.Kind.String, "String"], [data.Kind.Array, "Array"], [data.Kind.Dictionary, "Object"],
  [data.Kind.Boolean, "Boolean"], [data.Kind.Null, "Null"], [data.Kind.Number, "Number"]
]);

const stats = { total: 0, withResult: 0, skippedForTs: 0, tsThrew: 0, kept: 0, tsResultDiffers: 0 };
const kept = [];
for (const name of readdirSync(srcDir).filter(n => n.endsWith(".json")).sort()) {
  const groups = JSON.parse(readFileSync(join(srcDir, name), "utf8"));
  for (const [group, cases] of Object.entries(groups)) {
    for (const c of cases) {
      stats.total++;
      if (!("result" in c)) continue;
      stats.withResult++;
      if (c.options?.skip?.map(s => String(s).toLowerCase()).includes("typescript")) {
        stats.skippedForTs++;
        continue;
      }
      const contexts = c.contexts ?? {};
      let value;
      try {
        const ctx = JSON.parse(JSON.stringify(contexts), data.reviver);
        const tokens = new Lexer(c.expr).lex().tokens;
        const ast = new Parser(tokens, Object.keys(contexts), []).parse();
        value = ast === undefined ? new data.Null() : new Evaluator(ast, ctx).evaluate();
      } catch (e) {
        stats.tsThrew++;
        process.stderr.write(`dropped ${name}#${group} ${JSON.stringify(c.expr)}: ${e.message}\n`);
        continue;
      }
      // Informational only: does the TS result match the expected one?
      // (compared as JSON text, so -0 and 0 are the same, as in GitHub's own harness)
      const actual = JSON.stringify(value, data.replacer);
      if (kindNames.get(value.kind) !== c.result.kind || actual !== JSON.stringify(c.result.value)) {
        stats.tsResultDiffers++;
        if (process.env.SHOW_DIFFS) process.stderr.write(`ts result differs ${name}#${group} ${JSON.stringify(c.expr)}: ${actual} vs ${JSON.stringify(c.result)}\n`);
      }
      kept.push({ expr: c.expr, contexts });
      stats.kept++;
    }
  }
}

const text = "[\n" + kept.map(k => "  " + JSON.stringify(k)).join(",\n") + "\n]\n";
writeFileSync(outFile, text);
process.stderr.write(
  `@actions/expressions ${installedVersion("@actions/expressions")}: ${JSON.stringify(stats)}\n` +
    `wrote ${kept.length} cases (${Buffer.byteLength(text)} bytes) to ${outFile}\n`
);
