// `/agents`: the fleet. Agents online, busy and offline with their labels, version, last heartbeat and current job; the queue
// by the labels jobs need, with how long they have waited; and the server's own health from /readyz and its metrics.
import { get } from '../api.js';
import { h, replace, segment } from '../dom.js';
import { badge, duration, time } from '../format.js';
import { onChange } from '../live.js';
import { facts, problem, setTitle } from '../ui.js';
import { histogramQuantile, parseMetrics, sum } from '../metrics.js';

function agentTable(agents) {
  if (!agents.length) return h('p', { class: 'empty' }, 'No agent has registered. Start one with ', h('code', {}, 'sluice agent'), '.');
  const order = { busy: 0, idle: 1, offline: 2 };
  const sorted = [...agents].sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3) || a.name.localeCompare(b.name));
  return h('table', { class: 'list agents' },
    h('thead', {}, h('tr', {}, ['Agent', 'State', 'Labels', 'Version', 'Last heartbeat', 'Current job'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, sorted.map((agent) => h('tr', { dataset: { agent: agent.name } },
      h('td', {}, agent.name),
      h('td', {}, badge({ status: agent.status }), agent.disabled ? h('span', { class: 'sub' }, ' (disabled)') : ''),
      h('td', {}, agent.labels.length ? agent.labels.map((l) => h('code', { class: 'label' }, l)).flatMap((c) => [c, ' ']) : h('span', { class: 'sub' }, 'none')),
      h('td', { class: 'mono' }, agent.version ?? h('span', { class: 'sub' }, 'unknown')),
      h('td', {}, time(agent.lastSeen)),
      h('td', {}, agent.runningRun
        ? h('a', { href: `/runs/${agent.runningRun}/jobs/${segment(agent.runningJobKey ?? '')}` }, agent.runningJobName ?? agent.runningJobKey ?? `job ${agent.runningJob}`)
        : agent.runningJob ? `job ${agent.runningJob}` : '')))));
}

function queueTable(queue) {
  if (!queue.groups.length) return h('p', { class: 'empty' }, 'No job is waiting for an agent.');
  return h('table', { class: 'list queue' },
    h('thead', {}, h('tr', {}, ['Labels needed', 'Waiting', 'Longest wait', 'Oldest jobs'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, queue.groups.map((group) => h('tr', {},
      h('td', {}, group.labels.length ? group.labels.join(', ') : h('span', { class: 'sub' }, 'any agent')),
      h('td', { class: 'num' }, String(group.count)),
      h('td', { class: 'num' }, duration(group.longestWaitSeconds * 1000)),
      h('td', {}, group.jobs.map((job) => h('div', {},
        h('a', { href: `/runs/${job.runId}/jobs/${segment(job.job)}` }, job.repository, ' · ', job.name), ' ',
        time(job.queuedAt))))))));
}

async function health() {
  const ready = await fetch('/readyz', { credentials: 'same-origin' }).then(async (r) => ({ ok: r.ok, text: (await r.text()).trim() })).catch(() => ({ ok: false, text: 'unreachable' }));
  const metrics = await fetch('/metrics', { credentials: 'same-origin' }).then((r) => (r.ok ? r.text() : '')).catch(() => '');
  const series = parseMetrics(metrics);
  const seconds = (q) => { const v = histogramQuantile(series, 'sluice_dispatch_latency_seconds', q); return v === null ? '' : duration(v * 1000); };
  const count = (name) => { const v = sum(series, name); return v === null ? '' : String(v); };
  return facts([
    ['Ready', h('span', { class: ready.ok ? 's-success' : 's-failure' }, ready.text)],
    ['Agents online', count('sluice_agents_online')],
    ['Jobs running', count('sluice_jobs_running')],
    ['Jobs queued', count('sluice_queue_depth')],
    ['Dispatch wait p50 / p95', seconds(0.5) && `${seconds(0.5)} / ${seconds(0.95)}`],
    ['Runs concluded', count('sluice_runs_total')],
    ['Leases lost', count('sluice_leases_lost_total')],
  ]);
}

export async function render(main) {
  setTitle('Agents');
  const agentsView = h('div', { id: 'agents' });
  const queueView = h('div', { id: 'queue' });
  const healthView = h('div', { id: 'health' });
  replace(main, h('h1', {}, 'Agents'), agentsView, h('h2', {}, 'Queue'), queueView, h('h2', {}, 'Server'), healthView);
  const load = async () => {
    const [agents, queue, server] = await Promise.allSettled([get('/api/v1/agents'), get('/api/v1/queue'), health()]);
    replace(agentsView, agents.status === 'fulfilled' ? agentTable(agents.value) : problem(agents.reason));
    replace(queueView, queue.status === 'fulfilled' ? queueTable(queue.value) : problem(queue.reason));
    replace(healthView, server.status === 'fulfilled' ? server.value : problem(server.reason));
  };
  await load();
  onChange(() => load());
  // An agent goes offline by falling silent, which no event says: the page reads again every 15 s as well.
  setInterval(() => { if (!document.hidden) load(); }, 15_000);
}
