// Which page a path is, and what every page has: who is signed in.
import { get, del, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { showProblem } from './ui.js';
import { connect } from './live.js';

const routes = [
  [/^\/$/, () => import('./pages/runs.js')],
  [/^\/sign-in$/, () => import('./pages/signin.js')],
  [/^\/agents$/, () => import('./pages/agents.js')],
  [/^\/repos\/([^/]+)$/, () => import('./pages/repo.js')],
  [/^\/repos\/([^/]+)\/deployments$/, () => import('./pages/deployments.js')],
  [/^\/runs\/(\d+)$/, () => import('./pages/run.js')],
  [/^\/runs\/(\d+)\/jobs\/([^/]+)$/, () => import('./pages/job.js')],
];

async function showSession() {
  const who = document.getElementById('who');
  let session = null;
  try {
    session = await get('/api/v1/session');
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 404)) throw error;
  }

  if (session && session.via !== 'anonymous') {
    replace(who, h('span', { class: 'who-name' }, session.name ?? session.owner ?? 'signed in'), ' ',
      h('button', { type: 'button', class: 'link', on: { click: async () => { await del('/api/v1/session'); location.reload(); } } }, 'Sign out'));
  } else if (location.pathname !== '/sign-in') {
    replace(who, h('a', { href: `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}` }, 'Sign in'));
  }
  return session;
}

async function start() {
  const main = document.getElementById('main');
  const path = location.pathname.length > 1 ? location.pathname.replace(/\/+$/, '') : '/';
  for (const link of document.querySelectorAll('[data-nav]')) {
    const current = (link.dataset.nav === 'agents') === path.startsWith('/agents');
    if (current) link.setAttribute('aria-current', 'page');
  }

  // Who is signed in and the page's module are asked for at once: neither waits for the other. The stream of changes
  // opens first, so that nothing after the page's reading is missed (live.js).
  if (path !== '/sign-in') connect();
  const sessionRead = showSession().catch(() => null);
  for (const [pattern, load] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      // A page that offers actions by what the caller may do (usesSession) waits for who is signed in; the others
      // start reading at once, which is most of their time to first show.
      const page = await load();
      const session = page.usesSession ? await sessionRead : null;
      await page.render(main, match.slice(1).map(decodeURIComponent), { session });
    } catch (error) {
      showProblem(main, error);
    }
    return;
  }
  await sessionRead;
  showProblem(main, new ApiError(404, 'No such page', `there is no page at ${path}`));
}

start();
