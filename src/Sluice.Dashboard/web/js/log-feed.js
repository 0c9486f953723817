// A job's log lines as they are stored and as they come: the log so far in large pages, then each new line as the
// server has it, from its event stream (/logs/stream) or, where that is missing or refused, its long poll
// (/logs?wait=25). Lines are handed on in id order; a line seen twice (a reconnection) is skipped by the viewer.
import { get, query, ApiError } from './api.js';

/** The most lines one page asks for (the server may answer fewer). */
const PAGE = 20_000;
/** The fewest lines a full page of the server has: a page with fewer means the log so far is read. */
const SMALLEST_FULL_PAGE = 5000;
const LONG_POLL_SECONDS = 25;

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
    return `/api/v1/runs/${encodeURIComponent(this.runId)}/logs${query({ job: this.job, after: this.after, limit: PAGE, ...extra })}`;
  }

  take(page) {
    const lines = page.lines ?? [];
    if (lines.length > 0) {
      this.after = Math.max(this.after, page.next ?? lines[lines.length - 1].id);
      this.onLines(lines);
    }
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

  /** Reads pages until the log so far is read; true when the run has ended and all of it is read. */
  async catchUp() {
    let next = get(this.logsPath({}), this.stopping.signal);
    while (true) {
      const page = await next;
      const more = !page.done && (page.lines?.length ?? 0) >= SMALLEST_FULL_PAGE;
      // The next page is asked for before this one is shown: the server reads it while the browser draws.
      if (more) {
        this.after = Math.max(this.after, page.next);
        next = get(this.logsPath({}), this.stopping.signal);
      }
      this.take(page);
      if (page.done) return this.end();
      if (!more) return false;
    }
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
        if (Array.isArray(lines)) this.take({ lines });
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
        const page = await get(this.logsPath({ wait }), this.poll.signal);
        delay = 1000;
        const count = this.take(page);
        if (page.done || (this.jobEnded && count < SMALLEST_FULL_PAGE)) {
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
