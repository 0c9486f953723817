// How times, durations and states read on every page.
import { h } from './dom.js';

/** "1h 02m", "3m 07s", "12.4s", "850ms". */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const s = Math.floor(seconds % 60);
  const m = Math.floor(seconds / 60) % 60;
  const hours = Math.floor(seconds / 3600);
  return hours > 0 ? `${hours}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}

/** A figure in seconds (a test's duration, a percentile) as duration() writes it; a dash when there is none. */
export const seconds = (value) => (value === null || value === undefined ? '–' : duration(value * 1000));

/** A benchmark's time: "300.0 ns", "1.25 µs", "3.40 ms", "1.02 s"; a dash when there is none. */
export function nanoseconds(ns) {
  if (ns === null || ns === undefined) return '–';
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

/** From start to end, or to now while it runs. */
export function elapsed(start, end, now = Date.now()) {
  if (!start) return '';
  return duration((end ? Date.parse(end) : now) - Date.parse(start));
}

/** "just now", "5 min ago", "3 h ago", then the date. */
export function ago(at, now = Date.now()) {
  if (!at) return '';
  const seconds = (now - Date.parse(at)) / 1000;
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(at).toISOString().slice(0, 10);
}

/** A <time> element: the short form shown, the exact UTC time on hover and for screen readers. */
export function time(at, text = ago(at)) {
  return at ? h('time', { datetime: at, title: new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') }, text) : '';
}

/** refs/heads/main -> main, refs/tags/v1 -> v1, refs/pull/7/merge -> pull/7. */
export function shortRef(ref) {
  if (!ref) return '';
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  if (ref.startsWith('refs/tags/')) return ref.slice('refs/tags/'.length);
  const pull = /^refs\/pull\/(\d+)\//.exec(ref);
  return pull ? `pull/${pull[1]}` : ref;
}

/** The one word a run, job or step is in: its conclusion once it ended, else where it is. */
export function state(item) {
  if (item.status === 'completed') return item.conclusion || 'completed';
  if (item.status === 'in_progress' || item.status === 'running') return 'running';
  if (item.status === 'pending' || item.status === 'waiting') return 'waiting';
  return item.status || 'unknown';
}

const symbols = {
  success: '✓', failure: '✗', cancelled: '⊘', skipped: '↷', running: '●', queued: '○', waiting: '◌', neutral: '–',
  timed_out: '⧗', action_required: '!', lost: '?',
};

/** A state as a coloured badge with a symbol and a word (colour is never the only signal). */
export function badge(item, extraClass = '') {
  const word = state(item);
  return h('span', { class: `badge s-${word.replace(/[^a-z_]/g, '')} ${extraClass}`.trim() },
    h('span', { 'aria-hidden': 'true' }, symbols[word] ?? '•'), ' ', word.replace('_', ' '));
}

export const shortSha = (sha) => (sha ? sha.slice(0, 8) : '');
