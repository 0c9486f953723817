// `/repos/{name}/deployments`: a repository's deployments per environment (status, commit, run, reviews, health
// samples of those being verified), Approve / Reject with a comment for those waiting when the session may, and its
// DORA figures (dora.js). The list follows changes live; the DORA section is read again when a deployment's status changes.
import { get, post, query } from '../api.js';
import { h, replace, segment } from '../dom.js';
import { shortRef, shortSha, time } from '../format.js';
import { onChange } from '../live.js';
import { doraSection } from '../dora.js';
import { actionButton, problem, setTitle } from '../ui.js';

const Periods = [7, 30, 90, 365];
const Limit = 200;

const statusSymbols = {
  queued: '○', waiting: '◌', in_progress: '●', verifying: '◔', success: '✓', failure: '✗', rolled_back: '↶', inactive: '–',
};

/** A deployment's status as a badge: a symbol and a word, never colour alone. */
function status(deployment) {
  const word = deployment.status;
  return h('span', { class: `badge s-${word.replace(/[^a-z_]/g, '')}` },
    h('span', { 'aria-hidden': 'true' }, statusSymbols[word] ?? '•'), ' ', word.replace('_', ' '));
}

/** A time to come, as the hour and minute in UTC ("ago" has no words for the future). */
const clock = (at) => time(at, `${new Date(at).toISOString().slice(11, 16)} UTC`);

/** Reviews given, and while it waits whom (or until when) it waits for. */
function reviews(deployment) {
  const items = deployment.reviews.map((r) => h('li', {},
    h('span', { class: r.approved ? 'v-passed' : 'v-failed' }, r.approved ? 'Approved' : 'Rejected'), ` by ${r.reviewer} `, time(r.at),
    r.comment ? [': ', h('q', {}, r.comment)] : null));
  if (deployment.status === 'waiting') {
    const pending = deployment.reviewers.filter((name) => !deployment.reviews.some((r) => r.reviewer === name));
    if (pending.length) items.push(h('li', { class: 'sub' }, `Waits for ${pending.join(', ')}`));
    if (deployment.waitUntil) items.push(h('li', { class: 'sub' }, 'Waits until ', clock(deployment.waitUntil)));
  }
  return items.length ? h('ul', { class: 'reviews' }, items) : '–';
}

/** A health gate's window and its latest samples, each condition with what was measured. */
function health(deployment) {
  const gate = deployment.health;
  if (!gate) return null;
  return h('details', { class: 'health', open: deployment.status === 'verifying' },
    h('summary', {}, `Health gate: ${gate.verdict ?? 'watching'}`, gate.until ? [' until ', clock(gate.until)] : null),
    gate.samples.length
      ? h('ol', { class: 'samples' }, gate.samples.slice(-5).reverse().map((s) => h('li', {},
        time(s.at), ' ', h('span', { class: `v-${s.verdict.replace(/[^a-z]/g, '')}` }, s.verdict), ': ',
        s.conditions.map((c, i) => [i ? '; ' : '', h('code', {}, c.name), ` ${c.outcome} (${c.measured}${c.reason ? `, ${c.reason}` : ''})`]))))
      : h('p', { class: 'empty' }, 'No sample yet.'));
}

const mayApprove = (session) => !!session && session.via !== 'anonymous' && session.mayApprove === true;

/** Approve and Reject with a comment; the comment field is kept across live updates so typing is never lost. */
function reviewForm(deployment, comments, reload) {
  let input = comments.get(deployment.id);
  if (!input) {
    input = h('input', { type: 'text', id: `comment-${deployment.id}`, maxlength: '1000', placeholder: 'Why (required to reject)' });
    comments.set(deployment.id, input);
  }
  const answer = (approve) => async () => {
    const comment = input.value.trim();
    if (!approve && !comment) throw new Error('Say why in the comment to reject.');
    await post(`/api/v1/deployments/${deployment.id}/review`, { approve, comment: comment || null });
    input.value = '';
    await reload();
  };
  return h('div', { class: 'review-form' },
    h('label', { for: input.id }, `Comment on deployment ${deployment.id}`), input,
    h('div', { class: 'actions' },
      actionButton('Approve', answer(true), { kind: 'primary' }),
      actionButton('Reject', answer(false), { kind: 'danger' })));
}

function deploymentTable(list, session, comments, reload) {
  const may = mayApprove(session);
  return h('table', { class: 'list deployments' },
    h('thead', {}, h('tr', {}, ['Status', 'Deployment', 'Commit', 'Run', 'Created', 'Reviews'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, list.map((d) => h('tr', { dataset: { deployment: String(d.id), status: d.status } },
      h('td', {}, status(d), d.detail ? h('div', { class: 'sub' }, d.detail) : null),
      h('td', {}, `#${d.id}`, d.rollbackOf ? h('div', { class: 'sub' }, `rollback of #${d.rollbackOf}`) : null,
        d.url ? h('div', {}, h('a', { href: d.url, rel: 'noopener' }, d.url)) : null),
      h('td', {}, h('span', { class: 'mono', title: d.sha }, shortSha(d.sha)), ' on ', shortRef(d.ref)),
      h('td', {}, h('a', { href: `/runs/${d.runId}` }, `run #${d.runNumber}`), h('div', { class: 'sub' }, `${d.job}, by ${d.triggeredBy}`)),
      h('td', {}, time(d.createdAt)),
      h('td', {}, reviews(d), health(d), d.status === 'waiting' && may ? reviewForm(d, comments, reload) : null)))));
}

function environmentSections(deployments, session, comments, reload) {
  if (!deployments.length) return h('p', { class: 'empty' }, 'No deployment yet: a job with an environment: records one.');
  const environments = [...new Set(deployments.map((d) => d.environment))].sort();
  return environments.map((environment) => {
    const list = deployments.filter((d) => d.environment === environment);
    const waiting = list.filter((d) => d.status === 'waiting').length;
    return [h('h2', {}, environment, waiting ? h('span', { class: 'sub' }, ` (${waiting} waiting)`) : null), deploymentTable(list, session, comments, reload)];
  });
}

// Approve and Reject are offered only to those who may: the page waits for who is signed in (app.js).
export const usesSession = true;

export async function render(main, [name], { session }) {
  setTitle('Deployments', name);
  const params = new URLSearchParams(location.search);
  const environment = params.get('env') || '';
  const asked = Number(params.get('days'));
  const days = Periods.includes(asked) ? asked : 30;
  const list = h('div', { id: 'deployment-list' }, h('p', { class: 'empty' }, 'Reading the deployments…'));
  const dora = h('div', { id: 'dora' }, h('p', { class: 'empty' }, 'Reading the DORA figures…'));
  const comments = new Map();

  const choose = (key, value) => {
    const url = new URL(location.href);
    if (value) url.searchParams.set(key, value); else url.searchParams.delete(key);
    location.assign(url);
  };
  const environmentSelect = h('select', { id: 'deployments-env', on: { change: () => choose('env', environmentSelect.value) } },
    h('option', { value: '' }, 'all environments'));
  const period = h('select', { id: 'dora-days', on: { change: () => choose('days', period.value) } },
    Periods.map((d) => h('option', { value: String(d), selected: d === days }, `last ${d} days`)));

  replace(main, h('div', { id: 'deployments-page' },
    h('h1', {}, 'Deployments of ', h('a', { href: `/repos/${segment(name)}` }, name)),
    h('div', { class: 'filters' }, h('label', {}, 'Environment', environmentSelect)),
    list,
    h('div', { class: 'section-head' }, h('h2', {}, 'DORA'), h('label', {}, 'Period ', period)),
    dora));

  let shown = '';
  let counted = null;
  // DORA counts deployments by their status: read again only when a status changed (a deployment became healthy, failed, was rolled back).
  const countAgain = (deployments) => {
    const statuses = deployments.map((d) => `${d.id}:${d.status}`).join(' ');
    if (statuses === counted) return;
    counted = statuses;
    doraSection(name, environment, days).then((parts) => replace(dora, parts), (error) => replace(dora, problem(error)));
  };
  const load = async () => {
    const deployments = await get(`/api/v1/repos/${encodeURIComponent(name)}/deployments${query({ env: environment, limit: Limit })}`);
    for (const env of new Set(deployments.map((d) => d.environment))) {
      if (![...environmentSelect.options].some((o) => o.value === env)) environmentSelect.append(h('option', { value: env }, env));
    }
    if (environment && ![...environmentSelect.options].some((o) => o.value === environment)) environmentSelect.append(h('option', { value: environment }, environment));
    environmentSelect.value = environment;
    countAgain(deployments);
    // Drawn again only when something changed, so that an opened health gate or a half-typed comment stays as it is.
    const text = JSON.stringify(deployments);
    if (text === shown) return;
    shown = text;
    replace(list, environmentSections(deployments, session, comments, load));
  };

  try {
    await load();
  } catch (error) {
    replace(list, problem(error));
    replace(dora, problem(error));
    return;
  }
  let reading = false;
  onChange(async () => {
    if (reading) return;
    reading = true;
    try { await load(); } catch (error) { replace(list, problem(error)); shown = ''; } finally { reading = false; }
  });
}
