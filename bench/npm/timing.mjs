// Shared timing loop for the peer benchmarks.
//
// A "pass" is one call of passFn (one read of every input). The loop first runs passes
// for warmupSeconds (results discarded), then for measureSeconds, timing each pass with
// process.hrtime.bigint(). It always measures at least minPasses passes.

export function parseCommonArgs(argv, { seconds = 5, warmup = 1 } = {}) {
  const opts = { seconds, warmup, minPasses: 3, rest: [], flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--seconds") opts.seconds = Number(argv[++i]);
    else if (a.startsWith("--seconds=")) opts.seconds = Number(a.slice(10));
    else if (a === "--warmup") opts.warmup = Number(argv[++i]);
    else if (a.startsWith("--warmup=")) opts.warmup = Number(a.slice(9));
    else if (a === "--min-passes") opts.minPasses = Number(argv[++i]);
    else if (a.startsWith("--")) opts.flags.add(a);
    else opts.rest.push(a);
  }
  if (!(opts.seconds > 0)) throw new Error("--seconds must be a positive number");
  if (!(opts.warmup >= 0)) throw new Error("--warmup must be zero or a positive number");
  return opts;
}

const NS_PER_S = 1e9;

export async function measure(passFn, { seconds, warmup, minPasses = 3 }) {
  const warmupEnd = process.hrtime.bigint() + BigInt(Math.round(warmup * NS_PER_S));
  let warmupPasses = 0;
  while (process.hrtime.bigint() < warmupEnd) {
    await passFn();
    warmupPasses++;
  }

  const timesNs = [];
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * NS_PER_S));
  for (;;) {
    const t0 = process.hrtime.bigint();
    await passFn();
    const t1 = process.hrtime.bigint();
    timesNs.push(Number(t1 - t0));
    if (t1 >= end && timesNs.length >= minPasses) break;
  }
  // Throughput uses the sum of the timed passes (loop overhead excluded).
  const totalNs = timesNs.reduce((a, b) => a + b, 0);
  const sorted = [...timesNs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianNs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    warmupPasses,
    iterations: timesNs.length,
    seconds: totalNs / NS_PER_S,
    medianMs: medianNs / 1e6,
    minMs: sorted[0] / 1e6,
    maxMs: sorted[sorted.length - 1] / 1e6
  };
}

export function round(x, digits = 3) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
