// One test's recent history in a repository: its outcome in each run (newest last, linked to the run), its duration
// over those runs as a chart, and quarantining or releasing it for those who may change the repository.
import { del, get, put, query } from './api.js';
import { h, replace } from './dom.js';
import { lineChart } from './charts.js';
import { seconds, time } from './format.js';
import { actionButton } from './ui.js';

const outcomeSymbols = { passed: '✓', failed: '✗', errored: '✗', flaky: '≈', skipped: '↷' };

/** "Failed" -> a badge with a symbol and the word; colour is never the only signal. */
export function outcomeBadge(outcome) {
  const word = String(outcome || 'unknown').toLowerCase();
  return h('span', { class: `badge o-${word.replace(/[^a-z]/g, '')}` },
    h('span', { 'aria-hidden': 'true' }, outcomeSymbols[word] ?? '•'), ' ', word);
}

/** Whether the session may change the repository's quarantine (the same right as starting its runs). */
export const mayQuarantine = (session) => !!session && session.via !== 'anonymous' && session.mayTrigger !== false;

/**
 * A test's history, read when first shown: a disclosure that loads on opening, so a list of a thousand tests reads
 * nothing until a person asks about one of them. Marks (new failure, flaky) go beside the name.
 */
export function testHistory(repository, test, { session, branch, onQuarantine, marks = null } = {}) {
  const body = h('div', { class: 'test-history' }, h('p', { class: 'empty' }, 'Reading the history…'));
  let read = false;
  const details = h('details', {
    class: 'test-details',
    on: {
      toggle: async () => {
        if (!details.open || read) return;
        read = true;
        await show(body, repository, test, { session, branch, onQuarantine });
      },
    },
  }, h('summary', {}, h('span', { class: 'test-name mono' }, test), marks), body);
  return details;
}

async function show(body, repository, test, options) {
  try {
    const history = await get(`/api/v1/repos/${encodeURIComponent(repository)}/tests/history${query({ test, branch: options.branch, limit: 30 })}`);
    replace(body, ...historyView(repository, test, history, options));
  } catch (error) {
    replace(body, h('p', { class: 'problem' }, `The history could not be read: ${error.message}`));
  }
}

function historyView(repository, test, history, { session, branch, onQuarantine }) {
  const points = [...history.points].reverse(); // oldest first, as a chart reads
  const strip = h('ol', { class: 'outcome-strip', 'aria-label': `Outcomes of ${test}, oldest first` }, points.map((p) => h('li', {},
    h('a', { href: p.run ? `/runs/${p.run}` : null, title: `${p.outcome} on ${p.branch} at ${p.commitSha.slice(0, 8)}, ${new Date(p.recordedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` },
      outcomeBadge(p.outcome)))));
  const failures = points.filter((p) => /^(failed|errored|flaky)$/i.test(p.outcome)).length;
  const parts = [
    h('p', {}, points.length
      ? `${failures} of the last ${points.length} runs${branch ? ` on ${branch}` : ''} failed or were flaky.`
      : 'No recorded run has this test.'),
    points.length ? strip : null,
    points.length > 1 ? lineChart({
      title: `Duration of ${test}`,
      xs: points.map((p) => Date.parse(p.recordedAt) / 1000),
      series: [{ label: 'Duration', values: points.map((p) => p.durationSeconds) }],
      format: seconds,
      height: 160,
    }) : null,
  ];
  parts.push(quarantineControl(repository, test, history.quarantine, session, onQuarantine));
  return parts;
}

function quarantineControl(repository, test, quarantine, session, onQuarantine) {
  const box = h('div', { class: 'quarantine' });
  const path = `/api/v1/repos/${encodeURIComponent(repository)}/quarantine${query({ test })}`;
  const draw = (entry) => {
    const state = entry
      ? h('p', {}, h('strong', {}, 'Quarantined'), ` by ${entry.addedBy} `, time(entry.addedAt), ': ', entry.reason)
      : h('p', { class: 'sub' }, 'Not quarantined: a failure fails the gate.');
    if (!mayQuarantine(session)) {
      replace(box, state);
      return;
    }
    if (entry) {
      replace(box, state, actionButton('Release from quarantine', async () => {
        await del(path);
        draw(null);
        onQuarantine?.(test, null);
      }));
      return;
    }
    const reason = h('input', { type: 'text', name: 'reason', maxlength: '500', placeholder: 'Why (a link to the issue)', 'aria-label': `Reason to quarantine ${test}` });
    replace(box, state, h('div', { class: 'actions' }, reason, actionButton('Quarantine', async () => {
      const added = await put(path, { reason: reason.value.trim() || 'quarantined from the dashboard' });
      draw(added);
      onQuarantine?.(test, added);
    })));
  };
  draw(quarantine ?? null);
  return box;
}
