// `/repos/{name}`: a repository's workflows, the state of each branch (the newest run of each workflow on it), its
// recent runs, and below them its insights, benchmarks and quarantine (insights.js), read once per visit rather than on
// every change, so that charts and opened test histories stay as they are while runs come and go.
import { get, query } from '../api.js';
import { h, replace, segment } from '../dom.js';
import { badge, shortRef, time } from '../format.js';
import { onChange } from '../live.js';
import { benchmarkSection, insightsSection, quarantineSection } from '../insights.js';
import { facts, problem, setTitle } from '../ui.js';
import { runTable } from './runs.js';

const Recent = 200;

function branchTable(runs) {
  const workflows = [...new Set(runs.map((r) => r.workflow))].sort();
  const latest = new Map();
  for (const run of runs) {
    const key = `${run.ref}\n${run.workflow}`;
    if (!latest.has(key)) latest.set(key, run); // runs come newest first
  }
  const branches = [...new Set(runs.filter((r) => r.ref.startsWith('refs/heads/')).map((r) => r.ref))];
  if (!branches.length) return h('p', { class: 'empty' }, 'No branch has run yet.');
  return h('table', { class: 'list branches' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Branch'), workflows.map((w) => h('th', { scope: 'col' }, w)))),
    h('tbody', {}, branches.map((ref) => h('tr', {},
      h('th', { scope: 'row' }, shortRef(ref)),
      workflows.map((workflow) => {
        const run = latest.get(`${ref}\n${workflow}`);
        return h('td', {}, run ? [h('a', { href: `/runs/${run.id}`, title: `${workflow} on ${shortRef(ref)}: run ${run.number}` }, badge(run)), ' ', time(run.createdAt)] : '');
      })))));
}

const Periods = [7, 30, 90, 365];

/** A section read once, showing its problem in its own place rather than the page's. */
async function section(box, read) {
  try {
    replace(box, await read());
  } catch (error) {
    replace(box, problem(error));
  }
}

function insightsPart(name, session) {
  const asked = Number(new URLSearchParams(location.search).get('days'));
  const days = Periods.includes(asked) ? asked : 30;
  const insights = h('div', { id: 'insights' }, h('p', { class: 'empty' }, 'Reading the insights…'));
  const period = h('select', {
    id: 'insights-days',
    on: {
      change: () => {
        const url = new URL(location.href);
        url.searchParams.set('days', period.value);
        history.replaceState(null, '', url);
        section(insights, () => insightsSection(name, Number(period.value), session));
      },
    },
  }, Periods.map((d) => h('option', { value: String(d), selected: d === days }, `last ${d} days`)));
  section(insights, () => insightsSection(name, days, session));
  return [h('div', { class: 'section-head' }, h('h2', {}, 'Insights'), h('label', {}, 'Period ', period)), insights];
}

// Quarantine is offered only to those who may: the page waits for who is signed in (app.js).
export const usesSession = true;

export async function render(main, [name], { session }) {
  setTitle(name);
  const summary = h('div', {});
  const quality = h('div', {});
  replace(main, h('div', { id: 'repo' }, summary, quality));
  let drawn = false;
  const load = async () => {
    try {
      const [repositories, runs] = await Promise.all([get('/api/v1/repos'), get(`/api/v1/runs${query({ repo: name, limit: Recent })}`)]);
      const repository = repositories.find((r) => r.name === name);
      if (!repository) {
        replace(summary, problem({ title: 'No such repository', message: `the server has no repository named ${name}` }));
        return;
      }
      const workflows = [...new Set(runs.map((r) => r.workflow))].sort();
      replace(summary,
        h('h1', {}, repository.name),
        facts([
          ['Source', repository.url],
          ['Default branch', repository.defaultBranch],
          ['Polled every', repository.pollSeconds ? `${repository.pollSeconds} s` : null],
          ['Deployments', h('a', { href: `/repos/${segment(name)}/deployments` }, 'Deployments and DORA figures')],
          ['Workflows', workflows.length ? workflows.map((w) => h('a', { href: `/${query({ repo: name, workflow: w })}` }, w)).flatMap((a) => [a, ' ']) : 'none run yet'],
        ]),
        h('h2', {}, 'Branches'), branchTable(runs),
        h('h2', {}, 'Recent runs'), runs.length ? runTable(runs.slice(0, 25), { showRepository: false }) : h('p', { class: 'empty' }, 'No runs yet.'),
        runs.length > 25 ? h('p', {}, h('a', { href: `/${query({ repo: name })}` }, 'All runs of this repository »')) : null);
      if (!drawn) {
        drawn = true;
        const benchmarks = h('div', { id: 'benchmarks' });
        const quarantine = h('div', { id: 'quarantine' });
        replace(quality, insightsPart(name, session),
          h('h2', {}, 'Benchmarks on ', repository.defaultBranch), benchmarks,
          h('h2', {}, 'Quarantined tests'), quarantine);
        section(benchmarks, () => benchmarkSection(name, repository.defaultBranch));
        section(quarantine, () => quarantineSection(name, session));
      }
    } catch (error) {
      replace(summary, problem(error));
    }
  };
  await load();
  onChange(() => load());
}
