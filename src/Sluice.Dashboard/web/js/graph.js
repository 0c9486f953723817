// The run's jobs as a graph: a column for each depth of `needs` (a job stands one column right of the deepest job it
// needs), the legs of a matrix job grouped in one box, and a line from each job to each job that needs it. Columns and
// boxes are laid out by CSS; only the lines are drawn, once the boxes have their places.
import { h, segment } from './dom.js';
import { badge, elapsed } from './format.js';

/**
 * Jobs gathered by the workflow job they run (a matrix job's legs share one). The run's plan (`graph`: every job of the
 * workflow with its needs) comes first, so jobs not queued yet stand in their place; then the legs, in the order the run
 * lists them.
 */
export function groups(jobs, plan = []) {
  const byKey = new Map();
  for (const planned of plan) {
    byKey.set(planned.key, { key: planned.key, name: planned.name, jobs: [], needs: new Set(planned.needs ?? []) });
  }
  for (const job of jobs) {
    const key = job.group || job.key;
    if (!byKey.has(key)) byKey.set(key, { key, jobs: [], needs: new Set() });
    const group = byKey.get(key);
    group.jobs.push(job);
    for (const need of job.needs ?? []) group.needs.add(need);
  }
  return byKey;
}

/** The depth of each group: 0 for those that need nothing (or only jobs not in this run), else one more than what they need. */
export function depths(byKey) {
  const depth = new Map();
  const visiting = new Set();
  const of = (key) => {
    if (depth.has(key)) return depth.get(key);
    if (visiting.has(key)) return 0; // a cycle cannot run; the server refuses it, the page just stays standing
    visiting.add(key);
    let d = 0;
    for (const need of byKey.get(key).needs) if (byKey.has(need)) d = Math.max(d, of(need) + 1);
    visiting.delete(key);
    depth.set(key, d);
    return d;
  };
  for (const key of byKey.keys()) of(key);
  return depth;
}

function groupState(jobs) {
  const order = ['failure', 'timed_out', 'lost', 'cancelled', 'running', 'waiting', 'queued', 'success', 'skipped'];
  const states = jobs.map((job) => (job.status === 'completed' ? job.conclusion : job.status === 'queued' ? 'queued' : job.status === 'pending' ? 'waiting' : 'running'));
  const worst = order.find((s) => states.includes(s)) ?? states[0];
  return worst === 'running' || worst === 'queued' || worst === 'waiting' ? { status: worst } : { status: 'completed', conclusion: worst };
}

function jobNode(runId, job) {
  return h('div', { class: 'node', dataset: { job: job.key } },
    h('a', { href: `/runs/${runId}/jobs/${segment(job.key)}` }, job.name),
    h('div', { class: 'meta' }, badge(job), h('span', { class: 'sub' }, elapsed(job.startedAt, job.finishedAt))));
}

/** A job of the plan that has no leg yet: it waits for the jobs it needs (or will be skipped with them). */
function plannedNode(group) {
  return h('div', { class: 'node planned', dataset: { group: group.key } },
    h('span', { class: 'node-name' }, group.name ?? group.key),
    h('div', { class: 'meta' }, badge({ status: 'pending' })));
}

function groupNode(runId, group) {
  if (group.jobs.length === 0) return plannedNode(group);
  if (group.jobs.length === 1 && group.jobs[0].key === group.key) {
    const node = jobNode(runId, group.jobs[0]);
    node.dataset.group = group.key;
    return node;
  }
  const done = group.jobs.filter((job) => job.status === 'completed').length;
  return h('details', { class: 'node group', dataset: { group: group.key }, open: group.jobs.length <= 6 },
    h('summary', {}, group.name ?? group.key, ' ', h('span', { class: 'sub' }, `(${done}/${group.jobs.length})`)),
    h('div', { class: 'meta' }, badge(groupState(group.jobs))),
    group.jobs.map((job) => jobNode(runId, job)));
}

export function graph(run) {
  const byKey = groups(run.jobs, run.graph ?? []);
  const depth = depths(byKey);
  const columns = [];
  for (const group of byKey.values()) {
    const d = depth.get(group.key);
    (columns[d] ??= []).push(group);
  }
  const svg = h('svg:svg', { class: 'edges', 'aria-hidden': 'true' });
  const container = h('div', { class: 'graph', role: 'group', 'aria-label': 'Jobs of the run' },
    svg, columns.map((column) => h('div', { class: 'column' }, column.map((group) => groupNode(run.id, group)))));
  const draw = () => drawEdges(container, svg, byKey);
  // Lines follow the boxes whenever they move (a group opened, the window resized, a status changed its width).
  new ResizeObserver(draw).observe(container);
  container.addEventListener('toggle', draw, true);
  return container;
}

function drawEdges(container, svg, byKey) {
  const origin = container.getBoundingClientRect();
  svg.setAttribute('width', String(container.scrollWidth));
  svg.setAttribute('height', String(container.scrollHeight));
  svg.replaceChildren();
  const box = (key) => container.querySelector(`[data-group="${CSS.escape(key)}"]`)?.getBoundingClientRect();
  for (const group of byKey.values()) {
    const to = box(group.key);
    if (!to) continue;
    for (const need of group.needs) {
      const from = box(need);
      if (!from) continue;
      const x1 = from.right - origin.left + container.scrollLeft;
      const y1 = from.top + from.height / 2 - origin.top + container.scrollTop;
      const x2 = to.left - origin.left + container.scrollLeft;
      const y2 = to.top + Math.min(to.height / 2, 18) - origin.top + container.scrollTop;
      const mid = (x1 + x2) / 2;
      svg.append(h('svg:path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}` }));
    }
  }
}
