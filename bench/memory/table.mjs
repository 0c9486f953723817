// Medians per scenario and tool from bench/memory/run.sh's results.tsv, as a Markdown table.
// usage: node table.mjs results.tsv
import fs from "node:fs";

const [header, ...lines] = fs.readFileSync(process.argv[2], "utf8").trim().split("\n");
const columns = header.split("\t");
const rows = lines.map(line => Object.fromEntries(line.split("\t").map((v, i) => [columns[i], v])));
const median = xs => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const groups = new Map();
for (const row of rows) {
  const key = `${row.scenario}\t${row.tool}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(row);
}

console.log("| scenario | tool | runs | wall s | CPU s | peak RSS MB | exit codes | stdout MB |");
console.log("|---|---|---:|---:|---:|---:|---|---:|");
for (const [key, group] of groups) {
  const [scenario, tool] = key.split("\t");
  const m = column => median(group.map(r => Number(r[column])));
  const exits = [...new Set(group.map(r => r.exit))].join(",");
  console.log(`| ${scenario} | ${tool} | ${group.length} | ${m("wall_s").toFixed(2)} | ${m("cpu_s").toFixed(2)} | ${m("peak_rss_mb").toFixed(1)} | ${exits} | ${(m("stdout_bytes") / 1048576).toFixed(1)} |`);
}
