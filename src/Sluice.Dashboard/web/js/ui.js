// Pieces several pages share: the page title, a problem shown in place of a page, a button that calls the API.
import { h, replace } from './dom.js';

export function setTitle(...parts) {
  document.title = [...parts.filter(Boolean), 'Sluice'].join(' · ');
}

/** What went wrong, in place of what could not be shown; a 401 offers to sign in and come back. */
export function problem(error) {
  if (error.status === 401) {
    const next = location.pathname + location.search;
    return h('div', { class: 'problem', role: 'alert' },
      h('p', {}, 'Sign in to see this page.'),
      h('p', {}, h('a', { href: `/sign-in?next=${encodeURIComponent(next)}` }, 'Sign in with a token')));
  }
  return h('div', { class: 'problem', role: 'alert' },
    h('p', { class: 'problem-title' }, error.title || 'Something went wrong'),
    h('p', {}, error.message || String(error)));
}

export function showProblem(main, error) {
  replace(main, problem(error));
}

/**
 * A button that runs an action once at a time and says how it went beside itself: disabled while the request runs,
 * the server's problem shown as text when it fails.
 */
export function actionButton(label, action, { kind = '', title } = {}) {
  const status = h('span', { class: 'action-status', role: 'status' });
  const button = h('button', {
    type: 'button', class: `button ${kind}`.trim(), title,
    on: {
      click: async () => {
        button.disabled = true;
        status.textContent = '';
        try {
          await action();
        } catch (error) {
          status.textContent = error.message || String(error);
        } finally {
          button.disabled = false;
        }
      },
    },
  }, label);
  return h('span', { class: 'action' }, button, status);
}

/** A definition list of label/value pairs, skipping empty values. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, value]) => value !== '' && value !== null && value !== undefined)
    .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}
