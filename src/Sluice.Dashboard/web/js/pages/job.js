// /runs/{id}/jobs/{job}: one job of a run: where and how long it ran, its steps with their durations, and its log,
// live while the job runs.
import { get, ApiError } from '../api.js';
import { h, replace, segment } from '../dom.js';
import { badge, elapsed, time } from '../format.js';
import { onChange } from '../live.js';
import { setTitle, facts, problem } from '../ui.js';
import { LogViewer } from '../log-viewer.js';
import { LogFeed } from '../log-feed.js';

/** How often the header is read again while the job runs, besides the moments that say it changed. */
const REFRESH_MS = 10_000;

/** Steps as the server has them ({ name, status, conclusion, startedAt, finishedAt }), or null when it has no such list. */
async function serverSteps(runId, jobKey) {
  try {
    const body = await get(`/api/v1/runs/${segment(runId)}/jobs/${segment(jobKey)}/steps`);
    return Array.isArray(body) ? body : body?.steps ?? null;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}

function header(run, job) {
  const ended = job.status === 'completed';
  const attempts = job.attempts?.length > 1 ? `${job.attempt} of ${job.attempts.length}` : String(job.attempt ?? 1);
  return h('div', { class: 'job-head' },
    h('p', { class: 'crumbs' },
      h('a', { href: `/repos/${segment(run.repository)}` }, run.repository), ' / ',
      h('a', { href: `/runs/${run.id}` }, `${run.workflow} #${run.number}`)),
    h('h1', {}, job.name, ' ', badge(job)),
    facts([
      ['Agent', job.agent ?? (ended ? '' : job.waiting ?? 'waiting for an agent')],
      ['Attempt', attempts],
      ['Started', job.startedAt ? time(job.startedAt) : ''],
      [ended ? 'Took' : 'Running for', job.startedAt ? h('span', { class: 'job-took', dataset: { start: job.startedAt, end: job.finishedAt ?? '' } }, elapsed(job.startedAt, job.finishedAt)) : ''],
      ['Labels', job.labels?.length ? job.labels.join(', ') : ''],
    ]));
}

/** The steps of the latest attempt seen in the log, as the steps list shows them. */
function logSteps(viewer) {
  const all = viewer.steps();
  const latest = all.length > 0 ? all[all.length - 1].attempt : null;
  return all.filter((s) => s.attempt === latest).map((s) => ({
    name: s.name, startedAt: s.startedAt, finishedAt: s.endedAt, index: s.index,
    status: s.conclusion ? 'completed' : viewer.ended ? 'completed' : 'in_progress', conclusion: s.conclusion ?? (viewer.ended ? 'cancelled' : null),
  }));
}

function stepItem(step, viewer) {
  const took = step.startedAt ? elapsed(step.startedAt, step.finishedAt) : '';
  const name = step.index === undefined
    ? h('span', { class: 'step-name' }, step.name)
    : h('button', { type: 'button', class: 'link step-name', on: { click: () => viewer.revealStep(step.index) } }, step.name);
  return h('li', { class: 'job-step' }, badge(step), name,
    h('span', { class: 'step-took', dataset: { start: step.startedAt ?? '', end: step.finishedAt ?? '' } }, took));
}

export async function render(main, [runId, jobKey]) {
  let run = null;
  let job = null;
  let live = false;
  const headerSlot = h('div', {});
  const stepsList = h('ol', { class: 'job-steps' });
  const status = h('div', { class: 'job-status', role: 'status' });
  let fromServer = null;
  let stepsOfServer = null;
  const download = `/api/v1/runs/${segment(runId)}/logs?job=${encodeURIComponent(jobKey)}&format=text`;
  const viewer = new LogViewer({ downloadUrl: download, onSteps: () => showSteps() });

  function showSteps() {
    const derived = logSteps(viewer);
    let steps = derived;
    if (stepsOfServer) {
      // The server's list (it has the steps not started yet); each step links to its section of the log by name.
      const seen = new Map();
      steps = stepsOfServer.map((step) => {
        const nth = seen.get(step.name) ?? 0;
        seen.set(step.name, nth + 1);
        const section = derived.filter((d) => d.name === step.name)[nth];
        return { ...step, index: section?.index };
      });
    }
    replace(stepsList, steps.length ? steps.map((step) => stepItem(step, viewer)) : h('li', { class: 'empty' }, 'No step has started yet.'));
  }

  async function refresh() {
    try {
      run = await get(`/api/v1/runs/${segment(runId)}`);
      job = run.jobs.find((j) => j.key === jobKey) ?? job;
      replace(headerSlot, header(run, job));
      if (fromServer) stepsOfServer = await serverSteps(runId, jobKey) ?? stepsOfServer;
      showSteps();
      if (job.status === 'completed') feed.jobEnd();
    } catch (error) {
      if (error.name !== 'AbortError') replace(status, problem(error));
    }
  }

  let pending = null;
  const refreshSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(refresh, 300);
  };

  const feed = new LogFeed({
    runId,
    job: jobKey,
    onLines: (lines) => {
      viewer.append(lines);
      // A step's end, or the first lines of a job the header still shows waiting, say the header is out of date.
      if ((job && job.status !== 'running') || lines.some((line) => line.kind === 'step-end')) refreshSoon();
    },
    onLive: () => {
      viewer.live();
      live = true;
      follow();
    },
    onDone: () => {
      viewer.finish();
      refreshSoon();
    },
    onError: (error) => replace(status, problem(error)),
  });

  /** Once the log so far is read, a running job is followed, unless the address names a line. */
  function follow() {
    if (!live || !job || follow.decided) return;
    follow.decided = true;
    if (!viewer.hasLineLink() && job.status !== 'completed') viewer.setFollowing(true);
  }

  // The log is asked for at once, beside the run: it is the most to read.
  feed.start();
  try {
    [run, fromServer] = await Promise.all([get(`/api/v1/runs/${segment(runId)}`), serverSteps(runId, jobKey)]);
    job = run.jobs.find((j) => j.key === jobKey);
    if (!job) throw new ApiError(404, 'No such job', `run ${run.id} has no job ${jobKey}`);
  } catch (error) {
    feed.stop();
    throw error;
  }
  setTitle(job.name, `${run.workflow} #${run.number}`);
  stepsOfServer = fromServer;
  replace(headerSlot, header(run, job));
  follow();
  replace(main, h('div', { class: 'job-page' },
    headerSlot,
    status,
    h('div', { class: 'job-body' },
      h('nav', { class: 'job-steps-panel', 'aria-label': 'Steps' }, h('h2', {}, 'Steps'), stepsList),
      viewer.element)));
  showSteps();
  viewer.showHash();

  // Durations of what still runs move on by themselves; the header is read again now and then and on any change.
  const ticker = setInterval(() => {
    if (!main.contains(viewer.element)) {
      clearInterval(ticker);
      feed.stop();
      return;
    }
    for (const clock of main.querySelectorAll('[data-start]')) {
      if (clock.dataset.start && !clock.dataset.end) clock.textContent = elapsed(clock.dataset.start, null);
    }
  }, 1000);
  const poll = setInterval(() => {
    if (job.status === 'completed' || !main.contains(viewer.element)) clearInterval(poll);
    else refresh();
  }, REFRESH_MS);
  onChange(() => { if (job.status !== 'completed') refreshSoon(); });
}
