// Live updates: one server-sent event stream per page (/api/v1/events), shared by whatever on the page listens.
// The server says that something changed; each listener reads again what it shows. The browser reconnects by itself
// when the stream drops (a server restart, a replica going away).
//
// The stream is opened as the page starts (connect), before the page reads its data, so no change after that reading
// can be missed: a change that comes before the page listens is kept and told when it does.

const listeners = new Set();
let source = null;
let scheduled = false;
let missed = null;

function deliver(kinds) {
  if (listeners.size === 0) {
    missed = { ...missed, ...kinds };
    return;
  }
  if (scheduled) return;
  scheduled = true;
  // Several changes in one frame cause one reading.
  requestAnimationFrame(() => {
    scheduled = false;
    for (const listener of listeners) listener(kinds);
  });
}

/** Opens the page's stream of changes (once). */
export function connect() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/events');
  source.addEventListener('changed', (event) => {
    let kinds = {};
    try { kinds = JSON.parse(event.data); } catch { /* any change */ }
    deliver(kinds);
  });
  // After a reconnection, what changed meanwhile is unknown: everyone reads again. The first opening is no news.
  let opened = false;
  source.addEventListener('open', () => {
    if (opened) deliver({ runs: true, agents: true });
    opened = true;
  });
}

/** Calls back when runs or agents change; returns how to stop. */
export function onChange(listener) {
  listeners.add(listener);
  connect();
  if (missed) {
    const kinds = missed;
    missed = null;
    deliver(kinds);
  }
  return () => listeners.delete(listener);
}
