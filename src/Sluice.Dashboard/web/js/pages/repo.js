// `/repos/{name}`: a repository's workflows, the state of each branch (the newest run of each workflow on it), and its
// recent runs.
import { get, query } from '../api.js';
import { h, replace } from '../dom.js';
import { badge, shortRef, time } from '../format.js';
import { onChange } from '../live.js';
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

export async function render(main, [name]) {
  setTitle(name);
  const view = h('div', { id: 'repo' });
  replace(main, view);
  const load = async () => {
    try {
      const [repositories, runs] = await Promise.all([get('/api/v1/repos'), get(`/api/v1/runs${query({ repo: name, limit: Recent })}`)]);
      const repository = repositories.find((r) => r.name === name);
      if (!repository) {
        replace(view, problem({ title: 'No such repository', message: `the server has no repository named ${name}` }));
        return;
      }
      const workflows = [...new Set(runs.map((r) => r.workflow))].sort();
      replace(view,
        h('h1', {}, repository.name),
        facts([
          ['Source', repository.url],
          ['Default branch', repository.defaultBranch],
          ['Polled every', repository.pollSeconds ? `${repository.pollSeconds} s` : null],
          ['Workflows', workflows.length ? workflows.map((w) => h('a', { href: `/${query({ repo: name, workflow: w })}` }, w)).flatMap((a) => [a, ' ']) : 'none run yet'],
        ]),
        h('h2', {}, 'Branches'), branchTable(runs),
        h('h2', {}, 'Recent runs'), runs.length ? runTable(runs.slice(0, 25), { showRepository: false }) : h('p', { class: 'empty' }, 'No runs yet.'),
        runs.length > 25 ? h('p', {}, h('a', { href: `/${query({ repo: name })}` }, 'All runs of this repository »')) : null);
    } catch (error) {
      replace(view, problem(error));
    }
  };
  await load();
  onChange(() => load());
}
