// Signing in: a token (from `sluice token create`, or DATA/admin.token) starts a session; the token itself is not kept
// by the browser, only the session's cookie, which scripts cannot read.
import { post } from '../api.js';
import { h, replace } from '../dom.js';
import { setTitle } from '../ui.js';

/** Where to go once signed in: a path of this site only, never another origin. */
function nextPath() {
  const next = new URLSearchParams(location.search).get('next') || '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export async function render(main) {
  setTitle('Sign in');
  const status = h('p', { class: 'action-status', role: 'alert' });
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', {
    on: {
      submit: async (event) => {
        event.preventDefault();
        status.textContent = '';
        try {
          await post('/api/v1/session', { token: input.value.trim() });
          location.assign(nextPath());
        } catch (error) {
          status.textContent = error.message || String(error);
        }
      },
    },
  },
  h('label', { for: 'token' }, 'API token'),
  input,
  h('button', { type: 'submit', class: 'button primary' }, 'Sign in'),
  status);
  replace(main, h('section', { class: 'signin' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'sub' }, 'Paste a token made with ', h('code', {}, 'sluice token create'), ' (or the server\'s admin token). The browser keeps a session, not the token.'),
    form));
  input.focus();
}
