// A job's log lines as they are stored and as they come: the log so far in parts read at once, then each new line as
// the server has it, from its event stream (/logs/stream) or, where that is missing or refused, its long poll
// (/logs?wait=25). Lines are handed on in id order; a line seen twice (a reconnection) is skipped by the viewer.
import { get, query, ApiError } from './api.js';

/** The first page: small, so the first lines show at once and the extent of the log is known soon. */
const FIRST_PAGE = 5000;
/** The most lines one page asks for (the server's most). */
const PAGE = 20_000;
/**
 * Parts of the log read at once: a browser has six connections to a server and the page's event stream holds one; a
 * part left for later waits for a whole part before it (a 100,000-line log is a first page and five parts).
 */
const PARALLEL = 5;
const LONG_POLL_SECONDS = 25;

/**
 * A compact page's lines (the server's format=compact: [id step, milliseconds step, text, what differs]) as
 * { id, attempt, kind, step, text, level, at, file, line }, their time in milliseconds since 1970 (or null).
 */
export function expand(rows) {
  const lines = new Array(rows.length);
  let id = 0;
  let ms = 0;
  let step = null;
  let attempt = 1;
  for (let i = 0; i < rows.length; i++) {
    const [idStep, msStep, text, differs] = rows[i];
    id += idStep;
    let at = null;
    if (msStep !== null) {
      ms += msStep;
      at = ms;
    }
    if (differs === undefined) {
      lines[i] = { id, attempt, kind: 'line', step, text, level: null, at, file: null, line: null };
      continue;
    }
    if ('step' in differs) step = differs.step;
    if (differs.attempt !== undefined) attempt = differs.attempt;
    lines[i] = { id, attempt, kind: differs.kind ?? 'line', step, text, level: differs.level ?? null, at, file: differs.file ?? null, line: differs.line ?? null };
  }
  return lines;
}

/** A line of the JSON API (its time in ISO 8601) as the viewer keeps it. */
const fromJson = (line) => ({ ...line, at: line.at ? Date.parse(line.at) : null });

const pause = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

export class LogFeed {
  /**
   * @param {object} options
   * @param {string|number} options.runId
   * @param {string} options.job the job's key
   * @param {(lines: object[]) => void} options.onLines
   * @param {() => void} options.onLive the log so far is read; what follows is live
   * @param {() => void} options.onDone no more lines will come
   * @param {(error: Error) => void} options.onError a problem the feed cannot get past (401, 404, 410)
   */
  constructor({ runId, job, onLines, onLive, onDone, onError }) {
    Object.assign(this, { runId, job, onLines, onLive, onDone, onError });
    this.after = 0;
    this.stopping = new AbortController(); // the page went away
    this.poll = null; // the long poll in flight
    this.source = null;
    this.jobEnded = false;
    this.finished = false;
  }

  logsPath(extra) {
    return `/api/v1/runs/${encodeURIComponent(this.runId)}/logs${query({ job: this.job, format: 'compact', after: this.after, limit: PAGE, ...extra })}`;
  }

  /** A compact page, its lines expanded. */
  async read(extra, signal = this.stopping.signal) {
    const page = await get(this.logsPath(extra), signal);
    return { ...page, lines: expand(page.lines ?? []) };
  }

  take(page) {
    const lines = page.lines ?? [];
    const next = page.next ?? lines[lines.length - 1]?.id ?? 0;
    this.after = Math.max(this.after, next);
    if (lines.length > 0) this.onLines(lines);
    return lines.length;
  }

  /** Reads the log so far, then follows it until the job or run ends or stop() is called. */
  async start() {
    try {
      if (await this.catchUp()) return;
      this.onLive();
      if (this.jobEnded) {
        await this.catchUp();
        this.end();
        return;
      }

      if (typeof EventSource !== 'undefined' && await this.stream()) return;
      await this.longPoll();
    } catch (error) {
      if (error.name !== 'AbortError') this.onError(error);
    }
  }

  /**
   * Reads the log so far: a first page says how far the log goes (its last id), then the rest is read in parts by
   * id, several at once, and handed on in order as each part and those before it are in. True when the run has ended
   * and all of it is read.
   */
  async catchUp() {
    let from = this.after;
    let page = await this.read({ after: from, limit: FIRST_PAGE });
    this.take(page);
    while (!page.done && page.last > page.next) {
      // Ids of a job's lines are nearly dense (other jobs of the run write between them): a part of the ids holds
      // about as many lines as the first page held in its span.
      const density = page.lines.length > 0 ? page.lines.length / Math.max(1, page.next - from) : 1;
      const span = Math.max(1, Math.ceil(PAGE / Math.max(density, 1e-6)));
      from = page.next;
      const ranges = [];
      for (let start = page.next; start < page.last; start += span) ranges.push([start, Math.min(page.last, start + span)]);
      const parts = [];
      const begin = (k) => {
        if (k >= ranges.length) return;
        parts[k] = this.readPart(...ranges[k]);
        parts[k].catch(() => {}); // awaited in order below; a failure before its turn is not unhandled
      };
      for (let k = 0; k < PARALLEL; k++) begin(k);
      for (let k = 0; k < ranges.length; k++) {
        page = await parts[k];
        begin(k + PARALLEL);
        this.take(page);
      }
      if (page.done) break;
      // What was written meanwhile: the next page, and its last id.
      from = this.after;
      page = await this.read({ after: from, limit: FIRST_PAGE });
      this.take(page);
    }
    return page.done ? this.end() : false;
  }

  /** The lines with ids in (after, through], however many pages that takes: one page, its lines, next and done. */
  async readPart(after, through) {
    const lines = [];
    let page;
    let from = after;
    do {
      page = await this.read({ after: from, through, limit: PAGE });
      for (const line of page.lines) lines.push(line);
      from = page.next;
    } while (page.lines.length >= PAGE && from < through);
    return { lines, next: Math.max(from, through), done: page.done };
  }

  end() {
    if (!this.finished) {
      this.finished = true;
      this.source?.close();
      this.onDone();
      this.resolveStream?.(true);
    }
    return true;
  }

  /**
   * Follows the server's event stream; false when the server has none (or refused it before it opened), so the
   * long poll takes over; true once the stream ended the log.
   */
  stream() {
    return new Promise((resolve) => {
      this.resolveStream = resolve;
      const url = `/api/v1/runs/${encodeURIComponent(this.runId)}/logs/stream${query({ job: this.job, after: this.after })}`;
      const source = new EventSource(url);
      this.source = source;
      let opened = false;
      source.addEventListener('open', () => { opened = true; });
      const receive = (event) => {
        let lines;
        try { lines = JSON.parse(event.data); } catch { return; }
        if (Array.isArray(lines)) this.take({ lines: lines.map(fromJson) });
      };
      source.addEventListener('message', receive);
      source.addEventListener('lines', receive);
      source.addEventListener('done', () => {
        source.close();
        // Whatever the stream held back is read once more, then the log is complete.
        this.catchUp().then(() => resolve(this.end()), () => resolve(this.end()));
      });
      source.addEventListener('error', () => {
        if (this.finished || source.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
        this.source = null;
        // Missing (404) or refused before it opened: the long poll; closed after it was open: the long poll too,
        // from the last line seen.
        resolve(opened ? this.longPoll().then(() => true) : false);
      });
      this.stopping.signal.addEventListener('abort', () => { source.close(); resolve(true); }, { once: true });
    });
  }

  async longPoll() {
    let delay = 1000;
    while (!this.finished && !this.stopping.signal.aborted) {
      this.poll = new AbortController();
      const stop = () => this.poll?.abort();
      this.stopping.signal.addEventListener('abort', stop, { once: true });
      try {
        const wait = this.jobEnded ? 0 : LONG_POLL_SECONDS;
        const page = await this.read({ wait }, this.poll.signal);
        delay = 1000;
        const count = this.take(page);
        if (page.done || (this.jobEnded && count < PAGE && page.last <= page.next)) {
          this.end();
          return;
        }
      } catch (error) {
        if (error.name === 'AbortError') continue; // the job ended meanwhile: one more look without waiting
        if (!(error instanceof ApiError) || [401, 403, 404, 410].includes(error.status)) throw error;
        // The server is away (a restart, a replica gone): try again, less and less often.
        await pause(delay, this.stopping.signal);
        delay = Math.min(delay * 2, 15_000);
      } finally {
        this.stopping.signal.removeEventListener('abort', stop);
        this.poll = null;
      }
    }
  }

  /**
   * The job has ended (its agent sends every line before it reports the end): what is left is read without waiting,
   * then the log is complete, even while other jobs of the run go on.
   */
  jobEnd() {
    if (this.jobEnded || this.finished) return;
    this.jobEnded = true;
    if (this.source) {
      this.source.close();
      this.source = null;
      this.catchUp().then(() => this.end(), (error) => this.onError(error));
    } else {
      this.poll?.abort();
    }
  }

  /** The page is going away. */
  stop() {
    this.finished = true;
    this.stopping.abort();
    this.source?.close();
  }
}
