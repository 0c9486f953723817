// Live updates: one server-sent event stream per page (/api/v1/events), shared by whatever on the page listens.
// The server says that something changed; each listener reads again what it shows. The browser reconnects by itself
// when the stream drops (a server restart, a replica going away).

const listeners = new Set();
let source = null;
let scheduled = false;

function deliver(kinds) {
  if (scheduled) return;
  scheduled = true;
  // Several changes in one frame cause one reading.
  requestAnimationFrame(() => {
    scheduled = false;
    for (const listener of listeners) listener(kinds);
  });
}

function open() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/events');
  source.addEventListener('changed', (event) => {
    let kinds = {};
    try { kinds = JSON.parse(event.data); } catch { /* any change */ }
    deliver(kinds);
  });
  // After a reconnection, what changed meanwhile is unknown: everyone reads again.
  source.addEventListener('open', () => deliver({ runs: true, agents: true }));
}

/** Calls back when runs or agents change; returns how to stop. */
export function onChange(listener) {
  listeners.add(listener);
  open();
  return () => listeners.delete(listener);
}
