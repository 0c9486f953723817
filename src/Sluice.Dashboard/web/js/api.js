// The JSON API as pages use it: the browser's session cookie authenticates, and every request that changes something
// carries the anti-forgery header the server checks against its cookie.

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
  }
}

function csrfToken() {
  const match = document.cookie.split('; ').find((c) => c.startsWith('sluice_csrf='));
  return match ? decodeURIComponent(match.slice('sluice_csrf='.length)) : '';
}

async function request(method, path, body, signal) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Sluice-Csrf'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Server unreachable', `the server did not answer (${error.message}); it may be restarting`);
  }

  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { /* not a problem document */ }
    throw new ApiError(response.status, problem.title, problem.detail);
  }

  return { body: response.status === 204 ? null : await response.json(), headers: response.headers };
}

export const get = async (path, signal) => (await request('GET', path, undefined, signal)).body;
export const getWithHeaders = (path, signal) => request('GET', path, undefined, signal);
export const post = async (path, body) => (await request('POST', path, body ?? {})).body;
export const put = async (path, body) => (await request('PUT', path, body ?? {})).body;
export const del = async (path) => (await request('DELETE', path)).body;

/** The query string of an object, leaving out empty values. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
