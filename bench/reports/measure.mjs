// One measurement in a fresh node process: warm-up reads of a small file of the same kind (1 s, at least 40), then one timed read
// of the large file, then one JSON line with the time, the counts (so the work is used) and the process's peak RSS.
//
// usage: node measure.mjs --reader junit2json|fxp-junit|fxp-cobertura|lcov-parse --file BIG [--warmup-file SMALL]
//
// Without --warmup-file the process reads the large file cold, once, as a command-line tool would (bench/memory/).
// Every reader here needs the whole file as one string: the timed read is readFileSync(file, "utf8") plus the
// parse, and parse_ms is the parse alone. Peak RSS is VmHWM from /proc/self/status at the end.
import fs from "node:fs";
import { createRequire } from "node:module";
import { XMLParser } from "fast-xml-parser";
import { parse as junit2json } from "junit2json";

const require = createRequire(import.meta.url);
const lcovParse = require("lcov-parse");

const args = process.argv.slice(2);
const opt = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const readerName = opt("--reader"), file = opt("--file"), warmupFile = opt("--warmup-file");

// Counts are what Sluice's counting sink reports: test cases and failures (failure or error elements); coverage
// files, coverable lines, covered lines and branch conditions.
const asArray = x => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function countJUnit2Json(root) {
  const counts = { test_cases: 0, failures: 0 };
  const visitSuite = suite => {
    for (const tc of asArray(suite.testcase)) {
      counts.test_cases++;
      if (tc.failure || tc.error) counts.failures++;
    }
    for (const inner of asArray(suite.testsuite)) visitSuite(inner);
  };
  visitSuite(root);
  return counts;
}

const fxpJUnit = new XMLParser({ ignoreAttributes: false, isArray: name => ["testsuite", "testcase", "failure", "error"].includes(name) });
function countFxpJUnit(doc) {
  const counts = { test_cases: 0, failures: 0 };
  const visitSuite = suite => {
    for (const tc of asArray(suite.testcase)) {
      counts.test_cases++;
      if (tc.failure || tc.error) counts.failures++;
    }
    for (const inner of asArray(suite.testsuite)) visitSuite(inner);
  };
  visitSuite(doc.testsuites ?? { testsuite: doc.testsuite });
  return counts;
}

const fxpCobertura = new XMLParser({ ignoreAttributes: false, isArray: name => ["package", "class", "line", "method", "condition", "source"].includes(name) });
function countFxpCobertura(doc) {
  const counts = { files: 0, lines: 0, covered_lines: 0, branches: 0 };
  const files = new Set();
  for (const pkg of asArray(doc.coverage?.packages?.package)) {
    for (const cls of asArray(pkg.classes?.class)) {
      files.add(cls["@_filename"]);
      for (const line of asArray(cls.lines?.line)) {
        counts.lines++;
        if (Number(line["@_hits"]) > 0) counts.covered_lines++;
        const cc = line["@_condition-coverage"];
        if (cc) counts.branches += Number(/\/(\d+)\)/.exec(cc)?.[1] ?? 0);
      }
    }
  }
  counts.files = files.size;
  return counts;
}

function countLcov(records) {
  const counts = { files: 0, lines: 0, covered_lines: 0, branches: 0 };
  for (const r of records) {
    counts.files++;
    counts.lines += r.lines.details.length;
    for (const d of r.lines.details) if (d.hit > 0) counts.covered_lines++;
    counts.branches += r.branches.details.length;
  }
  return counts;
}

const readers = {
  "junit2json": async text => countJUnit2Json(await junit2json(text)),
  "fxp-junit": async text => countFxpJUnit(fxpJUnit.parse(text)),
  "fxp-cobertura": async text => countFxpCobertura(fxpCobertura.parse(text)),
  // lcov-parse's exported function reads the file itself when given a path; its .source parses a string,
  // which lets the read and the parse be timed apart like the others.
  "lcov-parse": text => new Promise((resolve, reject) => lcovParse.source(text, (err, data) => (err ? reject(new Error(String(err))) : resolve(countLcov(data))))),
};
const versions = { "junit2json": "junit2json", "fxp-junit": "fast-xml-parser", "fxp-cobertura": "fast-xml-parser", "lcov-parse": "lcov-parse" };
const read = readers[readerName];
if (!read || !file) {
  console.error(`usage: node measure.mjs --reader ${Object.keys(readers).join("|")} --file BIG [--warmup-file SMALL]`);
  process.exit(2);
}

const statusKb = key => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN);
const packageVersion = name => JSON.parse(fs.readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), "utf8")).version;

// Warm-up: reads of the small file for 1 s and at least BENCH_WARMUP_READS (default 40) times, the same rule as
// Sluice's side: with only 1 s on a loaded machine, code called once per read may not reach the optimizing tier.
const warmupReads = Number(process.env.BENCH_WARMUP_READS ?? 40);
const warmupEnd = process.hrtime.bigint() + 1_000_000_000n;
for (let reads = 0; warmupFile && (reads < warmupReads || process.hrtime.bigint() < warmupEnd); reads++) await read(fs.readFileSync(warmupFile, "utf8"));
const rssBeforeKb = statusKb("VmRSS");
const bytes = fs.statSync(file).size;
const line = { side: "npm", reader: readerName, package: `${versions[readerName]} ${packageVersion(versions[readerName])}`, file, bytes, runtime: `node ${process.version}` };
try {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const text = fs.readFileSync(file, "utf8");
  const t1 = process.hrtime.bigint();
  const counts = await read(text);
  const t2 = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpu0), cpuMs = (cpu.user + cpu.system) / 1000;
  const ms = Number(t2 - t0) / 1e6;
  Object.assign(line, { ok: true, ms: +ms.toFixed(1), parse_ms: +(Number(t2 - t1) / 1e6).toFixed(1), mb_per_second: +(bytes / 1048576 / (ms / 1000)).toFixed(2),
    cpu_ms: +cpuMs.toFixed(1), mb_per_cpu_second: +(bytes / 1048576 / (cpuMs / 1000)).toFixed(2), counts });
} catch (e) {
  Object.assign(line, { ok: false, error: `${e.name}: ${e.message}`.slice(0, 300) });
}
Object.assign(line, { rss_before_kb: rssBeforeKb, peak_rss_kb: statusKb("VmHWM") });
console.log(JSON.stringify(line));
