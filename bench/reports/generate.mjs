// Deterministic generators for large reports: JUnit XML, Cobertura XML and lcov tracefiles of a given size.
// The same seed and size give the same bytes on any machine (a fixed PRNG, no clock, no locale).
//
// usage: node generate.mjs --kind junit|cobertura|lcov --mb N --out FILE [--seed N]
//
// The file stops at the first whole suite / package / record past N MiB, then closes its elements, so its
// size is N MiB plus at most one unit (a few hundred KB).
import fs from "node:fs";

const args = process.argv.slice(2);
const opt = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const kind = opt("--kind"), mb = Number(opt("--mb")), out = opt("--out"), seed = Number(opt("--seed") ?? 1);
if (!["junit", "cobertura", "lcov"].includes(kind) || !(mb > 0) || !out) {
  console.error("usage: node generate.mjs --kind junit|cobertura|lcov --mb N --out FILE [--seed N]");
  process.exit(2);
}
const target = Math.round(mb * 1024 * 1024);

// mulberry32: small, fast and the same everywhere.
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = xs => xs[Math.floor(random() * xs.length)];

// Buffered writer: text is gathered in one string (V8 concatenates cheaply) and written in 64 KB chunks (a long rope costs more to flatten).
const fd = fs.openSync(out, "w");
let pending = "", written = 0;
const write = s => {
  pending += s;
  if (pending.length >= 64 * 1024) flush();
};
const flush = () => {
  const buffer = Buffer.from(pending, "latin1");
  fs.writeSync(fd, buffer);
  written += buffer.length;
  pending = "";
};
const size = () => written + pending.length; // the generated text is ASCII, so characters are bytes

const words = ["order", "payment", "invoice", "customer", "cart", "shipping", "token", "session", "retry", "cache",
  "parser", "queue", "scheduler", "report", "gate", "artifact", "runner", "matrix", "secret", "webhook"];
const verbs = ["creates", "rejects", "updates", "returns", "skips", "merges", "retries", "validates", "streams", "cancels"];
const modules = ["core", "api", "storage", "web", "agent", "cli", "quality", "engine"];
const camel = w => w[0].toUpperCase() + w.slice(1);
const className = (pkg, i) => `com.example.${pkg}.${camel(pick(words))}${camel(pick(words))}Test${i}`;

function junit() {
  write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="all" tests="0" failures="0" time="0">\n');
  for (let s = 0; size() < target; s++) {
    const pkg = `${pick(modules)}${s}`;
    write(`  <testsuite name="${pkg}" timestamp="2026-01-01T00:00:00" hostname="ci-${s % 7}">\n`);
    write(`    <properties>\n      <property name="java.version" value="21.0.${s % 9}"/>\n      <property name="seed" value="${s}"/>\n    </properties>\n`);
    const classes = int(3, 8);
    for (let c = 0; c < classes; c++) {
      const cls = className(pkg, c);
      write(`    <testsuite name="${cls}" file="src/test/${pkg}/${cls.split(".").pop()}.java">\n`);
      const cases = int(5, 30);
      for (let t = 0; t < cases; t++) {
        const name = `${pick(verbs)}_${pick(words)}_when_${pick(words)}_${t}`;
        const time = (random() * 2).toFixed(3);
        const roll = random();
        if (roll < 0.10) {
          const line = int(10, 900);
          write(`      <testcase classname="${cls}" name="${name}" time="${time}">\n`);
          write(`        <failure message="expected: &lt;${int(0, 99)}&gt; but was: &lt;${int(100, 999)}&gt; in ${pick(words)} &amp; ${pick(words)}" type="org.opentest4j.AssertionFailedError">`);
          write(`org.opentest4j.AssertionFailedError: expected: &lt;${int(0, 99)}&gt; but was: &lt;${int(100, 999)}&gt;\n`);
          const frames = int(8, 25);
          for (let f = 0; f < frames; f++) {
            write(`\tat com.example.${pkg}.${camel(pick(words))}.${pick(verbs)}(${camel(pick(words))}.java:${int(1, 2000)})\n`);
          }
          write(`\tat ${cls}.${name}(${cls.split(".").pop()}.java:${line})\n</failure>\n`);
          if (random() < 0.5) write(`        <system-out><![CDATA[${pick(words)} started\n${pick(words)} state=${int(0, 9999)}\n]]></system-out>\n`);
          write("      </testcase>\n");
        } else if (roll < 0.13) {
          write(`      <testcase classname="${cls}" name="${name}" time="0">\n        <skipped message="disabled on ${pick(modules)}"/>\n      </testcase>\n`);
        } else if (roll < 0.25) {
          write(`      <testcase classname="${cls}" name="${name}" time="${time}">\n        <system-out>${pick(words)}: ${int(0, 99999)} ms; ${pick(words)} ok</system-out>\n      </testcase>\n`);
        } else {
          write(`      <testcase classname="${cls}" name="${name}" time="${time}"/>\n`);
        }
      }
      write("    </testsuite>\n");
    }
    write(`    <system-out><![CDATA[suite ${pkg}: ${int(1, 500)} log lines elided]]></system-out>\n  </testsuite>\n`);
  }
  write("</testsuites>\n");
}

function cobertura() {
  write('<?xml version="1.0" encoding="utf-8"?>\n<coverage line-rate="0.8" branch-rate="0.6" lines-covered="0" lines-valid="0" branches-covered="0" branches-valid="0" complexity="1" version="1.9" timestamp="1767225600">\n');
  write("  <sources>\n    <source>/build/src</source>\n  </sources>\n  <packages>\n");
  for (let p = 0; size() < target; p++) {
    const pkg = `${pick(modules)}${p}`;
    write(`    <package name="${pkg}" line-rate="0.8" branch-rate="0.6" complexity="10">\n      <classes>\n`);
    const classes = int(5, 20);
    for (let c = 0; c < classes; c++) {
      const cls = `${camel(pick(words))}${camel(pick(words))}${c}`;
      // One class per file, so the number of distinct (file, line) pairs equals the number of class-level lines.
      write(`        <class name="${pkg}.${cls}" filename="${pkg}/${cls}.cs" line-rate="0.8" branch-rate="0.6" complexity="4">\n`);
      const lineCount = int(20, 300);
      const lines = [];
      for (let n = 1, l = 0; l < lineCount; l++) {
        n += int(1, 4);
        const branch = random() < 0.15;
        const hits = random() < 0.2 ? 0 : int(1, 5000);
        const total = branch ? pick([2, 2, 4]) : 0;
        const covered = branch ? (hits === 0 ? 0 : int(0, total)) : 0;
        lines.push({ n, hits, branch, total, covered });
      }
      const lineXml = (x, indent) => x.branch
        ? `${indent}<line number="${x.n}" hits="${x.hits}" branch="true" condition-coverage="${Math.round((100 * x.covered) / x.total)}% (${x.covered}/${x.total})">\n${indent}  <conditions>\n${indent}    <condition number="0" type="jump" coverage="${Math.round((100 * x.covered) / x.total)}%"/>\n${indent}  </conditions>\n${indent}</line>\n`
        : `${indent}<line number="${x.n}" hits="${x.hits}" branch="false"/>\n`;
      write("          <methods>\n");
      for (let m = 0; m < lines.length; m += 25) {
        write(`            <method name="${pick(verbs)}${m}" signature="()V" line-rate="0.8" branch-rate="0.6" complexity="2">\n              <lines>\n`);
        for (const x of lines.slice(m, m + 5)) write(lineXml(x, "                "));
        write("              </lines>\n            </method>\n");
      }
      write("          </methods>\n          <lines>\n");
      for (const x of lines) write(lineXml(x, "            "));
      write("          </lines>\n        </class>\n");
    }
    write("      </classes>\n    </package>\n");
  }
  write("  </packages>\n</coverage>\n");
}

function lcov() {
  for (let f = 0; size() < target; f++) {
    const path = `/build/src/${pick(modules)}/${pick(words)}/${camel(pick(words))}${f}.ts`;
    write(`TN:\nSF:${path}\n`);
    const functions = int(2, 20);
    const fns = [];
    for (let i = 0; i < functions; i++) fns.push({ line: 1 + i * 15, name: `${pick(verbs)}${camel(pick(words))}_${i}`, hits: random() < 0.2 ? 0 : int(1, 900) });
    for (const fn of fns) write(`FN:${fn.line},${fn.name}\n`);
    for (const fn of fns) write(`FNDA:${fn.hits},${fn.name}\n`);
    write(`FNF:${fns.length}\nFNH:${fns.filter(x => x.hits > 0).length}\n`);
    const lineCount = int(20, 300);
    let hit = 0, brf = 0, brh = 0;
    const brda = [];
    for (let n = 1, l = 0; l < lineCount; l++) {
      n += int(1, 4);
      const hits = random() < 0.2 ? 0 : int(1, 5000);
      if (hits > 0) hit++;
      write(`DA:${n},${hits}\n`);
      if (random() < 0.15) {
        for (let b = 0; b < 2; b++) {
          const taken = hits === 0 ? "-" : String(random() < 0.3 ? 0 : int(1, 900));
          brf++;
          if (taken !== "-" && taken !== "0") brh++;
          brda.push(`BRDA:${n},0,${b},${taken}\n`);
        }
      }
    }
    for (const b of brda) write(b);
    write(`BRF:${brf}\nBRH:${brh}\nLF:${lineCount}\nLH:${hit}\nend_of_record\n`);
  }
}

({ junit, cobertura, lcov })[kind]();
flush();
fs.closeSync(fd);
console.error(`${out}: ${kind}, ${(written / 1048576).toFixed(1)} MiB`);
