// `/`: runs across repositories, newest first, filtered by repository, branch, workflow, event and status, a page at a
// time (keyset: "older" reads the runs before the last one shown), updating live while it shows the newest page.
import { get, query } from '../api.js';
import { h, replace, segment } from '../dom.js';
import { badge, elapsed, shortRef, shortSha, time } from '../format.js';
import { onChange } from '../live.js';
import { problem, setTitle } from '../ui.js';

const PageSize = 50;
const Filters = ['repo', 'branch', 'workflow', 'event', 'status'];
const Events = ['push', 'pull_request', 'workflow_dispatch', 'schedule', 'workflow_call', 'repository_dispatch'];
const Statuses = ['queued', 'in_progress', 'completed', 'success', 'failure', 'cancelled'];

function select(name, label, options, value) {
  return h('label', {}, label, h('select', { name },
    h('option', { value: '' }, 'all'),
    options.map((option) => h('option', { value: option, selected: option === value }, option))));
}

function text(name, label, value) {
  return h('label', {}, label, h('input', { name, type: 'search', value: value ?? '', spellcheck: 'false' }));
}

export function runRow(run, { showRepository = true } = {}) {
  return h('tr', { dataset: { run: String(run.id) } },
    h('td', {}, badge(run)),
    h('td', {}, h('a', { href: `/runs/${run.id}` }, run.workflow, ' #', String(run.number)),
      run.runAttempt > 1 ? h('span', { class: 'sub' }, ` (attempt ${run.runAttempt})`) : ''),
    showRepository ? h('td', {}, h('a', { href: `/repos/${segment(run.repository)}` }, run.repository)) : null,
    h('td', {}, shortRef(run.ref)),
    h('td', {}, run.event),
    h('td', { class: 'mono' }, shortSha(run.sha)),
    h('td', {}, run.triggeredBy),
    h('td', {}, time(run.createdAt)),
    h('td', { class: 'num' }, run.status === 'completed' ? elapsed(run.createdAt, run.finishedAt) : elapsed(run.createdAt)));
}

export function runTable(runs, options) {
  const showRepository = options?.showRepository ?? true;
  return h('table', { class: 'list runs' },
    h('thead', {}, h('tr', {},
      ['Status', 'Run', showRepository ? 'Repository' : null, 'Branch', 'Event', 'Commit', 'By', 'Started', 'Duration']
        .filter(Boolean).map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, runs.map((run) => runRow(run, { showRepository }))));
}

export async function render(main) {
  setTitle('Runs');
  const params = new URLSearchParams(location.search);
  const values = Object.fromEntries(Filters.map((name) => [name, params.get(name) ?? '']));
  const before = params.get('before') ?? '';
  // A page holds 50 runs unless the address asks for another size (1 to 200), which the links keep.
  const size = Math.min(200, Math.max(1, Number.parseInt(params.get('limit') ?? '', 10) || PageSize));
  const kept = size === PageSize ? values : { ...values, limit: size };
  // The runs and the repositories for the menu are asked for at once.
  const runsRead = get(`/api/v1/runs${query({ ...values, before, limit: size })}`);
  runsRead.catch(() => {});
  const repositories = await get('/api/v1/repos').catch(() => []);

  const form = h('form', { class: 'filters', method: 'get', action: '/', role: 'search', 'aria-label': 'Filter runs' },
    select('repo', 'Repository', repositories.map((r) => r.name), values.repo),
    text('branch', 'Branch', values.branch),
    text('workflow', 'Workflow', values.workflow),
    select('event', 'Event', Events, values.event),
    select('status', 'Status', Statuses, values.status),
    h('button', { type: 'submit', class: 'button' }, 'Filter'),
    Filters.some((name) => values[name]) ? h('a', { href: '/' }, 'Clear') : null);
  // A filter chosen from a menu applies at once; a typed one with Enter or the button.
  for (const menu of form.querySelectorAll('select')) menu.addEventListener('change', () => form.requestSubmit());

  const body = h('div', { id: 'runs' });
  replace(main, h('h1', {}, 'Runs'), form, body);

  let first = runsRead;
  const load = async () => {
    try {
      const runs = await (first ?? get(`/api/v1/runs${query({ ...values, before, limit: size })}`));
      first = null;
      const older = runs.length === size ? `/${query({ ...kept, before: runs[runs.length - 1].id })}` : null;
      replace(body,
        runs.length === 0 ? h('p', { class: 'empty' }, 'No runs match.') : runTable(runs),
        h('nav', { class: 'pager', 'aria-label': 'Pages' },
          before ? h('a', { href: `/${query(kept)}` }, '« Newest') : null,
          older ? h('a', { href: older, rel: 'next' }, 'Older »') : null));
    } catch (error) {
      replace(body, problem(error));
    }
  };

  await load();
  // Only the newest page changes as runs start and end; an older page stays as it was read.
  if (!before) onChange((kinds) => { if (kinds.runs !== false) load(); });
}
