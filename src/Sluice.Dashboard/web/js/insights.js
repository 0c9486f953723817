// A repository's insights and quality over time: success rate, run duration, queue wait and flaky rate per day as
// charts; its slowest and most failing tests; each benchmark's trend with the gate's band and regressions flagged; and
// its quarantine.
import { del, get, query } from './api.js';
import { h, replace } from './dom.js';
import { lineChart } from './charts.js';
import { nanoseconds, seconds, time } from './format.js';
import { mayQuarantine, testHistory } from './test-history.js';
import { actionButton } from './ui.js';

const MostCharts = 12;

const rate = (value) => (value === null || value === undefined ? '–' : `${(100 * value).toFixed(1)}%`);
const day = (text) => Date.parse(`${text}T00:00:00Z`) / 1000;

function testTable(repository, caption, tests, columns, session) {
  if (!tests?.length) return null;
  return h('table', { class: 'list tests' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Test'), columns.map(([label]) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, tests.map((t) => h('tr', {},
      h('td', { class: 'test-cell' }, testHistory(repository, t.test, { session })),
      columns.map(([, value]) => h('td', { class: 'num' }, value(t)))))));
}

/** The insights of the last `days` days. */
export async function insightsSection(repository, days, session) {
  const insights = await get(`/api/v1/repos/${encodeURIComponent(repository)}/insights${query({ days })}`);
  const xs = insights.days.map((d) => day(d.day));
  const series = (label, pick) => ({ label, values: insights.days.map((d) => pick(d) ?? null) });
  const runs = insights.days.reduce((sum, d) => sum + d.runs, 0);
  return [
    h('p', { class: 'sub' }, `${runs} runs from `, insights.from.slice(0, 10), ' to ', insights.to.slice(0, 10), ' (UTC days).'),
    h('div', { class: 'charts' },
      lineChart({ title: 'Success rate', xs, series: [series('Succeeded', (d) => (d.successRate === null || d.successRate === undefined ? null : 100 * d.successRate))], format: (v) => `${Math.round(v)}%`, range: [0, 100] }),
      lineChart({ title: 'Run duration', xs, series: [series('p50', (d) => d.durationP50Seconds), series('p95', (d) => d.durationP95Seconds)], format: seconds }),
      lineChart({ title: 'Queue wait of jobs', xs, series: [series('p50', (d) => d.queueWaitP50Seconds), series('p95', (d) => d.queueWaitP95Seconds)], format: seconds }),
      lineChart({ title: 'Flaky rate (gate runs with a flaky test)', xs, series: [series('Flaky', (d) => (d.flakyRate === null || d.flakyRate === undefined ? null : 100 * d.flakyRate))], format: (v) => `${Math.round(v)}%`, range: [0, 100] })),
    h('div', { class: 'test-tables' },
      testTable(repository, 'Slowest tests', insights.slowestTests, [['Mean duration', (t) => seconds(t.durationSeconds)], ['Runs', (t) => String(t.runs)]], session)
        ?? h('p', { class: 'empty' }, 'No test has been recorded in this period.'),
      testTable(repository, 'Most failing tests', insights.mostFailingTests, [['Failures', (t) => String(t.failures)], ['Runs', (t) => String(t.runs)], ['Failure rate', (t) => rate(t.failureRate)]], session)
        ?? h('p', { class: 'empty' }, 'No test failed in this period.')),
  ];
}

function benchmarkChart(benchmark) {
  const points = benchmark.points;
  const xs = points.map((p) => Date.parse(p.recordedAt) / 1000);
  const banded = points.some((p) => p.upperBoundNs !== null && p.upperBoundNs !== undefined);
  const mean = { label: 'Mean', values: points.map((p) => p.meanNs) };
  if (banded) {
    // The gate flags a point above the upper bound; the band is drawn symmetric about the mean it was judged against.
    mean.band = {
      upper: points.map((p) => p.upperBoundNs ?? null),
      lower: points.map((p) => (p.upperBoundNs === null || p.upperBoundNs === undefined || p.baselineMeanNs === null || p.baselineMeanNs === undefined ? null : Math.max(0, 2 * p.baselineMeanNs - p.upperBoundNs))),
    };
  }
  const regressed = points.filter((p) => p.regressed).length;
  return lineChart({
    title: `${benchmark.name}${regressed ? ` (${regressed} regression${regressed === 1 ? '' : 's'})` : ''}`,
    xs,
    series: [mean, ...(regressed ? [{ label: 'Regressed', points: true, values: points.map((p) => (p.regressed ? p.meanNs : null)) }] : [])],
    format: nanoseconds,
    height: 180,
  });
}

/** Each benchmark's trend on a branch, the regressed ones first. */
export async function benchmarkSection(repository, branch) {
  const benchmarks = await get(`/api/v1/repos/${encodeURIComponent(repository)}/benchmarks${query({ branch, limit: 50 })}`);
  if (!benchmarks.length) return h('p', { class: 'empty' }, 'No benchmark has been recorded on this branch.');
  const regressedLast = (b) => (b.points.at(-1)?.regressed ? 1 : 0);
  const sorted = [...benchmarks].sort((a, b) => regressedLast(b) - regressedLast(a) || a.name.localeCompare(b.name));
  return [
    h('div', { class: 'charts' }, sorted.slice(0, MostCharts).map(benchmarkChart)),
    sorted.length > MostCharts ? h('p', { class: 'sub' }, `${sorted.length - MostCharts} more benchmarks are not charted: `, sorted.slice(MostCharts).map((b) => b.name).join(', ')) : null,
  ];
}

/** The tests that still run but no longer fail the gate, each releasable by those who may. */
export async function quarantineSection(repository, session) {
  const entries = await get(`/api/v1/repos/${encodeURIComponent(repository)}/quarantine`);
  if (!entries.length) return h('p', { class: 'empty' }, 'No test is quarantined.');
  const may = mayQuarantine(session);
  const body = h('tbody', {});
  for (const entry of entries) {
    const row = h('tr', {},
      h('td', { class: 'mono' }, entry.test),
      h('td', {}, entry.reason),
      h('td', {}, entry.addedBy, ' ', time(entry.addedAt)),
      may ? h('td', {}, actionButton('Release', async () => {
        await del(`/api/v1/repos/${encodeURIComponent(repository)}/quarantine${query({ test: entry.test })}`);
        row.remove();
      })) : null);
    body.append(row);
  }
  return h('table', { class: 'list quarantine-list' },
    h('thead', {}, h('tr', {}, ['Test', 'Reason', 'Added'].map((c) => h('th', { scope: 'col' }, c)), may ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
    body);
}
