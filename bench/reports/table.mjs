// Prints the table of bench/reports/run.sh from its JSON lines (one per measurement; "round" 0 = not a round).
// usage: node table.mjs LINES_FILE
import fs from "node:fs";

const rows = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean).map(l => JSON.parse(l));
const median = xs => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const mb = kb => `${Math.round(kb / 1024)} MB`;
const fmt = x => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toPrecision(3));
const mibOf = r => `${(r.bytes / 1048576).toFixed(0)} MiB`;
const sameCounts = (a, b) => Object.keys(a).every(k => !(k in b) || a[k] === b[k]);

const timed = rows.filter(r => r.round > 0 && !r.big);
const ok = (side, reader) => timed.filter(r => r.side === side && r.reader === reader && r.ok);
const failed = timed.filter(r => !r.ok);
const pairs = [["junit", "junit2json"], ["junit", "fxp-junit"], ["cobertura", "fxp-cobertura"], ["lcov", "lcov-parse"]];
const peerName = { "junit2json": "junit2json", "fxp-junit": "fast-xml-parser", "fxp-cobertura": "fast-xml-parser", "lcov-parse": "lcov-parse" };

const table = [["file", "npm reader", "npm MB/s", "npm MB/s parse only", "npm peak RSS", "Sluice MB/s", "Sluice peak RSS", "Sluice/npm", "counts agree"]];
const verdicts = [];
for (const [kind, peer] of pairs) {
  const n = ok("npm", peer), c = ok("sluice", kind);
  if (!n.length || !c.length) { table.push([kind, peerName[peer], "-", "-", "-", "-", "-", "missing", "-"]); verdicts.push(false); continue; }
  const npmParseMbs = median(n.map(r => r.bytes / 1048576 / (r.parse_ms / 1000)));
  const sluiceMbs = median(c.map(r => r.mb_per_second));
  const ratio = sluiceMbs / npmParseMbs;
  verdicts.push(ratio >= 3);
  table.push([`${kind} (${mibOf(c[0])})`, peerName[peer], fmt(median(n.map(r => r.mb_per_second))), fmt(npmParseMbs), mb(median(n.map(r => r.peak_rss_kb))),
    fmt(sluiceMbs), mb(median(c.map(r => r.peak_rss_kb))), `${ratio.toFixed(1)}x`, sameCounts(n[0].counts, c[0].counts) ? "yes" : "NO"]);
}
const widths = table[0].map((_, i) => Math.max(...table.map(r => r[i].length)));
const line = r => "| " + r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
console.log(line(table[0]));
console.log("|" + widths.map((w, i) => (i < 2 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|");
for (const r of table.slice(1)) console.log(line(r));
const rounds = new Set(timed.map(r => r.round)).size;
console.log(`\nMedians of ${rounds} interleaved round(s), one fresh process per reader, file and round (after warm-up reads of a 256 KiB file: 1 s and at least 40).`);
console.log("npm MB/s: readFileSync + parse; parse only: the parse of the text already in memory. Sluice MB/s: ReportReaders.ReadFile from disk.");
console.log("Sluice/npm: Sluice MB/s / npm parse-only MB/s (the stricter of the two). Peak RSS: VmHWM of the measuring process.");
console.log("\nCPU time of the measuring process during the read (all its threads: GC, JIT), a steadier measure on a shared machine:");
for (const [kind, peer] of pairs) {
  const n = ok("npm", peer), c = ok("sluice", kind);
  if (!n.length || !c.length || !("cpu_ms" in n[0]) || !("cpu_ms" in c[0])) continue;
  const nCpu = median(n.map(r => r.mb_per_cpu_second)), cCpu = median(c.map(r => r.mb_per_cpu_second));
  console.log(`  ${kind} vs ${peerName[peer]}: npm ${fmt(nCpu)} MB per CPU second (read + parse), Sluice ${fmt(cCpu)}: ${(cCpu / nCpu).toFixed(1)}x`);
}
for (const r of failed) console.log(`FAILED: ${r.side} ${r.reader} on ${r.file}: ${r.error}`);

const counts = {};
for (const r of ok("sluice", "junit").slice(0, 1).concat(ok("sluice", "cobertura").slice(0, 1), ok("sluice", "lcov").slice(0, 1))) counts[r.reader] = r.counts;
console.log(`counts: ${Object.entries(counts).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join("; ")}`);

const baselines = rows.filter(r => r.reader?.endsWith("-baseline"));
if (baselines.length) {
  console.log("\nBreakdown (one run each): bare reader vs Sluice's reader on the same file");
  for (const b of baselines) {
    const kind = b.reader.replace("-baseline", ""), c = ok("sluice", kind);
    const readerMs = c.length ? median(c.map(r => r.ms)) : NaN;
    console.log(`  ${kind}: ${b.package} ${fmt(b.mb_per_second)} MB/s (${fmt(b.ms)} ms); Sluice reader ${fmt(readerMs)} ms median; ` +
      `the rest (${fmt(readerMs - b.ms)} ms, ${Math.round((100 * (readerMs - b.ms)) / readerMs)}%) is the reader's own work` +
      (c.length ? `; allocated ${fmt(median(c.map(r => r.allocated_mb)))} MB, GCs gen0/1/2 ${c[0].gc0}/${c[0].gc1}/${c[0].gc2}` : ""));
  }
}

const big = rows.filter(r => r.big);
let memoryVerdict = null;
if (big.length) {
  console.log("\nLarge JUnit file (memory target: under 200 MB peak RSS):");
  for (const r of big) {
    if (r.side === "sluice" && r.ok) {
      memoryVerdict = r.peak_rss_kb < 200 * 1024;
      console.log(`  Sluice: ${mibOf(r)} in ${fmt(r.ms / 1000)} s, ${fmt(r.mb_per_second)} MB/s, peak RSS ${mb(r.peak_rss_kb)} (${fmt(r.peak_rss_kb)} kB), ${r.counts.test_cases.toLocaleString("en-US")} test cases, allocated ${fmt(r.allocated_mb)} MB`);
    } else if (r.ok) {
      console.log(`  npm ${r.reader}: ${fmt(r.mb_per_second)} MB/s, peak RSS ${mb(r.peak_rss_kb)}`);
    } else {
      memoryVerdict = r.side === "sluice" ? false : memoryVerdict;
      console.log(`  ${r.side} ${r.reader}: failed: ${r.error} (peak RSS ${mb(r.peak_rss_kb)})`);
    }
  }
}

console.log(`\nTargets: 3x npm throughput on every pair: ${verdicts.every(Boolean) ? "MET" : "NOT MET"}` +
  (memoryVerdict === null ? "" : `; under 200 MB peak on the large JUnit file: ${memoryVerdict ? "MET" : "NOT MET"}`));
const rt = s => rows.find(r => r.side === s)?.runtime;
console.log(`runtimes: ${rt("npm")}, ${rt("sluice")}; packages: ${[...new Set(rows.filter(r => r.side === "npm").map(r => r.package))].join(", ")}`);
