// `/runs/{id}`: the run's jobs as a graph with live states and durations, its annotations with file and line, the
// step summaries its jobs wrote (Markdown rendered by the server with raw HTML and unsafe links removed), its
// artifacts, and cancel / re-run all / re-run failed for those allowed to.
import { get, post } from '../api.js';
import { h, replace, segment } from '../dom.js';
import { badge, elapsed, shortRef, shortSha, time } from '../format.js';
import { graph } from '../graph.js';
import { onChange } from '../live.js';
import { qualitySection } from '../quality.js';
import { actionButton, facts, problem, setTitle } from '../ui.js';

function header(run) {
  return [
    h('h1', {}, badge(run), ' ', run.workflow, ' #', String(run.number),
      run.runAttempt > 1 ? h('span', { class: 'sub' }, ` attempt ${run.runAttempt}`) : ''),
    facts([
      ['Repository', h('a', { href: `/repos/${segment(run.repository)}` }, run.repository)],
      ['Branch', shortRef(run.ref)],
      ['Commit', h('span', { class: 'mono', title: run.sha }, shortSha(run.sha))],
      ['Event', run.event],
      ['Workflow file', run.workflowFile],
      ['Triggered by', run.triggeredBy],
      ['Started', time(run.createdAt)],
      ['Duration', run.status === 'completed' ? elapsed(run.createdAt, run.finishedAt) : elapsed(run.createdAt)],
      ['Re-run of', run.rerunOf ? h('a', { href: `/runs/${run.rerunOf}` }, `run ${run.rerunOf}`) : null],
      ['Waiting', run.waiting],
    ]),
    reviewLink(run),
  ];
}

/** While a deploy job waits for its environment's reviewers, where they answer. */
function reviewLink(run) {
  if (run.status === 'completed' || !(run.jobs ?? []).some((j) => j.waiting && /\(deployment \d+\)/.test(j.waiting))) return null;
  return h('p', { class: 'review-link' }, 'A deployment waits for a review: ',
    h('a', { href: `/repos/${segment(run.repository)}/deployments` }, 'approve or reject it on the deployments page'), '.');
}

function actions(run, session) {
  const may = (what) => !session || session[what] !== false;
  const list = [];
  if (run.status !== 'completed' && may('mayCancel')) {
    list.push(actionButton('Cancel run', () => post(`/api/v1/runs/${run.id}/cancel`), { kind: 'danger' }));
  }
  if (run.status === 'completed' && may('mayRerun')) {
    const rerun = async (failedOnly) => {
      const again = await post(`/api/v1/runs/${run.id}/rerun`, { failedOnly });
      location.assign(`/runs/${again.id}`);
    };
    list.push(actionButton('Re-run all jobs', () => rerun(false)));
    if (run.conclusion !== 'success') list.push(actionButton('Re-run failed jobs', () => rerun(true)));
  }
  return list.length ? h('div', { class: 'actions' }, list) : null;
}

function annotationList(annotations) {
  if (!annotations?.length) return null;
  return [h('h2', {}, `Annotations (${annotations.length})`),
    h('ul', { class: 'annotations' }, annotations.map((a) => h('li', {},
      h('span', { class: `level-${(a.level || 'notice').replace(/[^a-z]/g, '')}` }, a.level || 'notice'), ' ',
      a.job ? h('a', { href: `/runs/${a.runId ?? ''}/jobs/${segment(a.job)}` }, a.job) : null, a.job ? ': ' : '',
      a.file ? h('code', {}, a.file, a.line ? `:${a.line}` : '') : null, a.file ? ' ' : '',
      a.message)))];
}

function summaryList(summaries) {
  if (!summaries?.length) return null;
  return [h('h2', {}, 'Summaries'), summaries.map((s) => {
    const body = h('div', { class: 'summary', 'aria-label': `Summary of ${s.job}` });
    if (typeof s.html === 'string') {
      // Rendered by the server from Markdown with raw HTML turned into text and links limited to http(s) and this
      // site; the page's CSP would stop a script even so.
      body.innerHTML = s.html;
    } else {
      body.append(h('pre', {}, s.markdown));
    }
    return [h('h3', { class: 'sub' }, s.job), body];
  })];
}

function artifactList(run, names) {
  if (!names?.length) return null;
  return [h('h2', {}, 'Artifacts'), h('ul', { class: 'artifacts' }, names.map((name) =>
    h('li', {}, h('a', { href: `/api/v1/runs/${run.id}/artifacts/${segment(name)}`, download: name }, name))))];
}

// Cancel and re-run are offered only to those who may: the page waits for who is signed in (app.js).
export const usesSession = true;

export async function render(main, [id], { session }) {
  const top = h('div', {});
  const qualityBox = h('div', { id: 'quality' });
  const rest = h('div', {});
  replace(main, h('div', { id: 'run' }, top, qualityBox, rest));
  // The quality section is read again only when a job has finished since: re-drawing it on every change would close
  // the test histories a person opened.
  let finishedJobs = -1;
  const showQuality = async (run) => {
    const finished = (run.jobs ?? []).filter((j) => j.status === 'completed').length;
    if (finished === finishedJobs) return;
    finishedJobs = finished;
    try {
      replace(qualityBox, await qualitySection(run, session));
    } catch (error) {
      replace(qualityBox, h('h2', {}, 'Quality'), problem(error));
    }
  };
  const show = async () => {
    const run = await get(`/api/v1/runs/${id}`);
    setTitle(`${run.workflow} #${run.number}`, run.repository);
    const [annotations, summaries, artifacts] = await Promise.all([
      get(`/api/v1/runs/${id}/annotations`).catch(() => []),
      get(`/api/v1/runs/${id}/summaries?format=html`).catch(() => []),
      get(`/api/v1/runs/${id}/artifacts`).catch(() => []),
    ]);
    replace(top, header(run), actions(run, session), h('h2', {}, 'Jobs'), graph(run));
    replace(rest, annotationList(annotations.map((a) => ({ ...a, runId: run.id }))), summaryList(summaries), artifactList(run, artifacts));
    await showQuality(run);
    return run;
  };

  try {
    let run = await show();
    let reading = false;
    const stop = onChange(async () => {
      if (reading || run.status === 'completed') return;
      reading = true;
      try { run = await show(); } catch (error) { replace(top, problem(error)); } finally { reading = false; }
      if (run.status === 'completed') stop();
    });
  } catch (error) {
    replace(top, problem(error));
  }
}
