// The quality of a run, as its jobs' `sluice gate` judged it against the repository's history: each gate's verdict and
// conditions, tests with failures first (new failures, flaky and quarantined marked, each with its history), coverage
// and the changed lines covered or not, and benchmarks against their band.
import { get, query } from './api.js';
import { h, replace } from './dom.js';
import { nanoseconds, seconds } from './format.js';
import { outcomeBadge, testHistory } from './test-history.js';

const PageSize = 100;

const verdictSymbols = { passed: '✓', failed: '✗', inconclusive: '?' };

function verdictBadge(word) {
  const verdict = String(word || 'inconclusive').toLowerCase();
  return h('span', { class: `badge v-${verdict.replace(/[^a-z]/g, '')}` }, h('span', { 'aria-hidden': 'true' }, verdictSymbols[verdict] ?? '•'), ' ', verdict);
}

const percent = (part, whole) => (whole ? `${(100 * part / whole).toFixed(1)}%` : '–');

function conditionTable(conditions) {
  if (!conditions?.length) return h('p', { class: 'empty' }, 'The gate has no conditions.');
  return h('table', { class: 'list conditions' },
    h('thead', {}, h('tr', {}, ['Condition', 'Measured', 'Threshold', 'Outcome'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, conditions.map((c) => h('tr', {},
      h('th', { scope: 'row' }, c.name, c.expression && c.expression !== c.name ? h('div', { class: 'sub mono' }, c.expression) : null),
      h('td', { class: 'num' }, c.measured ?? ''),
      h('td', { class: 'num' }, c.threshold ?? ''),
      h('td', {}, verdictBadge(c.outcome), c.reason ? h('div', { class: 'sub' }, c.reason) : null)))));
}

function testCounts(tests) {
  if (!tests) return null;
  return h('p', { class: 'counts' },
    `${tests.total} tests: ${tests.passed} passed, ${tests.failed} failed, ${tests.errored} errored, ${tests.flaky} flaky, ${tests.skipped} skipped`,
    tests.durationSeconds ? ` in ${seconds(tests.durationSeconds)}` : '');
}

function coverageView(coverage, patch) {
  if (!coverage && !patch) return null;
  const parts = [h('h4', {}, 'Coverage')];
  if (coverage) {
    parts.push(h('p', {}, `Lines ${percent(coverage.linesCovered, coverage.linesValid)} (${coverage.linesCovered} of ${coverage.linesValid})`,
      coverage.branchesValid ? `, branches ${percent(coverage.branchesCovered, coverage.branchesValid)} (${coverage.branchesCovered} of ${coverage.branchesValid})` : ''));
  }
  if (patch) {
    parts.push(h('p', {}, `Changed lines covered: ${percent(patch.coveredLines, patch.coverableLines)} (${patch.coveredLines} of ${patch.coverableLines})`));
    const files = [...patch.files].sort((a, b) => b.missedLines.length - a.missedLines.length || a.path.localeCompare(b.path));
    parts.push(h('ul', { class: 'patch-files' }, files.map((file) => {
      const lines = [...file.coveredLines.map((n) => [n, true]), ...file.missedLines.map((n) => [n, false])].sort((a, b) => a[0] - b[0]);
      return h('li', {}, h('details', { open: file.missedLines.length > 0 && files.length <= 5 },
        h('summary', {}, h('code', {}, file.path), ` ${file.coveredLines.length} of ${file.coveredLines.length + file.missedLines.length} changed lines covered`),
        h('ol', { class: 'changed-lines', 'aria-label': `Changed lines of ${file.path}` }, lines.map(([line, covered]) =>
          h('li', { class: covered ? 'line-covered' : 'line-missed', title: covered ? 'covered' : 'not covered' },
            h('span', { 'aria-hidden': 'true' }, covered ? '✓' : '✗'), ` ${line}`, h('span', { class: 'visually-hidden' }, covered ? ' covered' : ' not covered'))))));
    })));
  }
  return parts;
}

function benchmarkTable(benchmarks) {
  if (!benchmarks?.length) return null;
  const sorted = [...benchmarks].sort((a, b) => (b.status === 'regressed') - (a.status === 'regressed') || a.name.localeCompare(b.name));
  return [h('h4', {}, 'Benchmarks'), h('table', { class: 'list benchmarks' },
    h('thead', {}, h('tr', {}, ['Benchmark', 'Now', 'Mean before', 'Upper bound', 'Change', 'Status'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, sorted.map((b) => h('tr', { class: b.status === 'regressed' ? 'regressed' : null },
      h('th', { scope: 'row', class: 'mono' }, b.name),
      h('td', { class: 'num' }, nanoseconds(b.currentNs)),
      h('td', { class: 'num' }, nanoseconds(b.baselineMeanNs)),
      h('td', { class: 'num' }, nanoseconds(b.upperBoundNs)),
      h('td', { class: 'num' }, b.relativeChange === null || b.relativeChange === undefined ? '–' : `${b.relativeChange >= 0 ? '+' : ''}${(100 * b.relativeChange).toFixed(1)}%`),
      h('td', {}, b.status === 'regressed' ? h('strong', { class: 'bad' }, '▲ regressed') : b.status)))))];
}

function reportView(report) {
  const newFailures = report.newFailureCount ? h('p', { class: 'bad' }, `${report.newFailureCount} new failure${report.newFailureCount === 1 ? '' : 's'} against ${report.baseBranch ?? 'the base branch'}`) : null;
  return h('section', { class: 'panel gate', 'aria-label': `Gate of ${report.jobName || report.job}` },
    h('h3', {}, verdictBadge(report.verdict), ' Gate of ', report.jobName || report.job,
      report.attempt > 1 ? h('span', { class: 'sub' }, ` attempt ${report.attempt}`) : ''),
    testCounts(report.tests), newFailures,
    conditionTable(report.conditions),
    coverageView(report.coverage, report.patch),
    benchmarkTable(report.benchmarks));
}

function marks(test) {
  return [
    test.newFailure ? h('span', { class: 'mark mark-new' }, 'new failure') : null,
    test.flaky ? h('span', { class: 'mark mark-flaky' }, 'flaky') : null,
    test.quarantined ? h('span', { class: 'mark mark-quarantined' }, 'quarantined') : null,
  ];
}

function testRows(run, tests, session) {
  return tests.map((test) => h('tr', {},
    h('td', {}, outcomeBadge(test.outcome)),
    h('td', { class: 'test-cell' }, testHistory(run.repository, test.test, { session, marks: marks(test) })),
    h('td', { class: 'num' }, seconds(test.durationSeconds)),
    h('td', {}, test.job)));
}

async function testTable(run, session) {
  const page = await get(`/api/v1/runs/${run.id}/tests${query({ outcome: 'all', limit: PageSize })}`);
  if (!page.total) return null;
  const body = h('tbody', {}, testRows(run, page.tests, session));
  let shown = page.tests.length;
  const more = h('p', {});
  const drawMore = () => {
    if (shown >= page.total) {
      replace(more);
      return;
    }
    replace(more, h('button', {
      type: 'button', class: 'button',
      on: {
        click: async () => {
          const next = await get(`/api/v1/runs/${run.id}/tests${query({ outcome: 'all', offset: shown, limit: PageSize })}`);
          body.append(...testRows(run, next.tests, session));
          shown += next.tests.length;
          drawMore();
        },
      },
    }, `Show ${Math.min(PageSize, page.total - shown)} more of ${page.total - shown}`));
  };
  drawMore();
  return [h('h3', {}, `Tests (${page.total}), failures first`),
    h('table', { class: 'list tests' },
      h('thead', {}, h('tr', {}, ['Outcome', 'Test', 'Duration', 'Job'].map((c) => h('th', { scope: 'col' }, c)))),
      body),
    more];
}

/** The run's quality section, or nothing when none of its jobs ran a gate against the server's history. */
export async function qualitySection(run, session) {
  const quality = await get(`/api/v1/runs/${run.id}/quality`);
  if (!quality.reports?.length) return null;
  return h('section', { class: 'quality', 'aria-labelledby': 'quality-title' },
    h('h2', { id: 'quality-title' }, 'Quality'),
    quality.reports.map(reportView),
    await testTable(run, session));
}
