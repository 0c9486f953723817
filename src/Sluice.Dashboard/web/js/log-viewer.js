// A job's log as a person reads it: steps as foldable sections with their durations, ::group:: blocks folded, ANSI
// colours, a link per line (#L12), timestamps on demand, search with next and previous, and following the tail.
//
// It stays fast with 100,000 lines and more because the lines are kept in plain arrays and only the rows in view
// (plus a margin) are in the page: a spacer as tall as all visible rows gives the scroll bar its length, and each
// drawn row is placed at its index times the fixed line height. Folding rebuilds the list of visible rows (a pass
// over arrays, a few milliseconds); a live line costs a push. Every text a workflow printed reaches the page as a
// text node.
import { h, replace } from './dom.js';
import { parse, plainText, applyStyle } from './ansi.js';
import { duration } from './format.js';

/** Pixels per row; the stylesheet's rows are this tall (set as --log-line on the viewer). */
const LINE_HEIGHT = 20;
/** Rows drawn above and below the visible ones, so a short scroll shows drawn rows at once. */
const MARGIN = 40;
/** Beyond this many matches a search stops counting (a one-letter search of a huge log). */
const MAX_MATCHES = 100_000;
/** Kinds stored to mark an end: they fold and time what they close and are not rows of their own. */
const ENDS = new Set(['step-end', 'group-end']);

const stylesheet = new URL('../log.css', import.meta.url).pathname;

function useStylesheet() {
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((link) => link.getAttribute('href') === stylesheet)) return;
  document.head.append(h('link', { rel: 'stylesheet', href: stylesheet }));
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

function clock(at) {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A line's time (milliseconds since 1970, or null) as ISO 8601, as the rest of the pages have times. */
const iso = (ms) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** "NAME: conclusion" (a step-end line) -> conclusion. */
const conclusionOf = (text) => {
  const colon = text.lastIndexOf(': ');
  return colon >= 0 ? text.slice(colon + 2) : text;
};

export class LogViewer {
  /**
   * @param {object} options
   * @param {string} options.downloadUrl where the raw log is downloaded from
   * @param {() => void} [options.onSteps] called (once a frame at most) when a step starts or ends
   */
  constructor({ downloadUrl, onSteps }) {
    useStylesheet();
    this.onSteps = onSteps ?? (() => {});
    // One entry per stored line (and per attempt banner), by index.
    this.ids = [];
    this.kinds = [];
    this.texts = [];
    this.ats = [];
    this.levels = [];
    this.attempts = [];
    this.numbers = []; // the line's number (its #L anchor), 0 when it has none
    this.sections = []; // index of the step line whose section holds it, or -1
    this.groups = []; // index of the group line whose block holds it, or -1
    this.lowered = []; // plain text in lower case, made when first searched
    this.byNumber = []; // number - 1 -> index
    this.stepInfo = new Map(); // index of a step line -> { id, name, startedAt, endedAt, conclusion, attempt }
    this.folded = new Set(); // indices of step and group lines whose contents are hidden
    this.rows = []; // indices of the lines shown, in order
    this.lastId = 0;
    this.openSection = -1;
    this.openGroup = -1;
    this.attempt = null;

    this.query = '';
    this.matchLines = [];
    this.matchStarts = [];
    this.current = -1;
    this.selected = -1; // index of the line the URL's #L names
    this.pendingNumber = 0; // a #L line not loaded yet
    this.following = false;
    this.showTimes = localStorage.getItem('sluice.log.timestamps') === '1';
    this.drawn = new Map(); // row -> element
    this.scheduled = false;
    this.stepsChanged = false;
    this.expectedTop = -1;
    this.redrawAll = false;
    this.revealing = -1; // a line to bring into the page's view once drawn
    this.ended = false;

    this.build(downloadUrl);
  }

  build(downloadUrl) {
    this.searchInput = h('input', {
      id: 'log-search', type: 'search', placeholder: 'Search the log', autocomplete: 'off', spellcheck: 'false',
      on: {
        input: () => this.searchSoon(),
        keydown: (event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          this.searchNow();
          this.move(event.shiftKey ? -1 : 1);
        },
      },
    });
    this.count = h('span', { class: 'log-count', role: 'status', 'aria-live': 'polite' });
    this.followButton = h('button', { type: 'button', class: 'button log-follow', 'aria-pressed': 'false', on: { click: () => this.setFollowing(!this.following) } }, 'Follow');
    const timeToggle = h('input', { id: 'log-times', type: 'checkbox', on: { change: (event) => this.setTimes(event.target.checked) } });
    timeToggle.checked = this.showTimes;
    this.space = h('div', { class: 'log-space' });
    this.empty = h('p', { class: 'log-empty' }, 'No log lines yet.');
    this.scroller = h('div', {
      class: 'log-scroll', tabindex: '0', role: 'region', 'aria-label': 'Job log',
      on: { scroll: () => this.onScroll(), click: (event) => this.onClick(event) },
    }, this.space, this.empty);
    this.element = h('section', { class: 'log-viewer', 'aria-label': 'Log', dataset: { lines: '0', state: 'loading' } },
      h('div', { class: 'log-tools' },
        h('label', { for: 'log-search', class: 'log-search-label' }, 'Search'),
        this.searchInput,
        h('button', { type: 'button', class: 'button', title: 'Previous match (Shift+Enter)', on: { click: () => { this.searchNow(); this.move(-1); } } }, 'Previous'),
        h('button', { type: 'button', class: 'button', title: 'Next match (Enter)', on: { click: () => { this.searchNow(); this.move(1); } } }, 'Next'),
        this.count,
        h('span', { class: 'log-spacer' }),
        h('span', { class: 'log-check' }, timeToggle, h('label', { for: 'log-times' }, 'Timestamps')),
        this.followButton,
        h('a', { class: 'button', href: downloadUrl, download: '' }, 'Download raw log')),
      this.scroller);
    this.element.style.setProperty('--log-line', `${LINE_HEIGHT}px`);
    this.element.classList.toggle('log-with-times', this.showTimes);
    window.addEventListener('resize', () => this.schedule());
    window.addEventListener('hashchange', () => this.showHash());
  }

  // ---- lines in ----

  /** Adds lines ({ id, attempt, kind, step, text, level, at } with at in milliseconds, in id order; those already held are skipped). */
  append(lines) {
    const firstNew = this.kinds.length;
    for (const line of lines) {
      if (line.id <= this.lastId) continue;
      this.lastId = line.id;
      if (this.attempt !== null && line.attempt !== this.attempt) this.addBanner(line);
      this.attempt = line.attempt;
      this.add(line);
    }
    if (this.kinds.length === firstNew) return;
    if (this.query) this.searchFrom(firstNew);
    this.element.dataset.lines = String(this.byNumber.length);
    if (this.pendingNumber && this.pendingNumber <= this.byNumber.length) this.showHash();
    this.schedule();
  }

  /** A banner where another attempt of the job starts (its agent was lost, and it ran again). */
  addBanner(line) {
    this.openSection = -1;
    this.openGroup = -1;
    this.push({ id: line.id, kind: 'attempt', text: `Attempt ${line.attempt}`, at: line.at, level: null, attempt: line.attempt }, false);
  }

  add(line) {
    const i = this.kinds.length;
    switch (line.kind) {
      case 'step':
        this.openGroup = -1;
        this.openSection = i;
        this.stepInfo.set(i, { id: line.step, name: line.text, startedAt: iso(line.at), endedAt: null, conclusion: null, attempt: line.attempt, index: i });
        this.stepsChanged = true;
        break;
      case 'step-end': {
        const info = this.stepInfo.get(this.openSection);
        if (info && (line.step === null || info.id === line.step)) {
          info.endedAt = iso(line.at);
          info.conclusion = conclusionOf(line.text);
          this.stepsChanged = true;
          this.redrawAll = true;
        }
        this.push(line, false);
        this.openGroup = -1;
        this.openSection = -1;
        return;
      }
      case 'group':
        this.openGroup = -1;
        break;
      case 'group-end':
        this.push(line, false);
        this.openGroup = -1;
        return;
      default:
        break;
    }
    this.push(line, true);
    if (line.kind === 'group') {
      this.openGroup = i;
      this.folded.add(i);
    }
  }

  push(line, numbered) {
    const i = this.kinds.length;
    this.ids.push(line.id);
    this.kinds.push(line.kind);
    this.texts.push(line.text ?? '');
    this.ats.push(line.at ?? null);
    this.levels.push(line.level ?? null);
    this.attempts.push(line.attempt);
    this.sections.push(line.kind === 'step' ? i : this.openSection);
    this.groups.push(line.kind === 'group' ? i : this.openGroup);
    this.lowered.push(undefined);
    if (numbered) {
      this.byNumber.push(i);
      this.numbers.push(this.byNumber.length);
    } else {
      this.numbers.push(0);
    }
    if (this.isShown(i)) this.rows.push(i);
  }

  /** Whether a line is a row now: not an end marker, and not inside a folded step or group (their own lines show). */
  isShown(i) {
    if (ENDS.has(this.kinds[i])) return false;
    const section = this.sections[i];
    if (section >= 0 && section !== i && this.folded.has(section)) return false;
    const group = this.groups[i];
    return !(group >= 0 && group !== i && this.folded.has(group));
  }

  rebuildRows() {
    const rows = [];
    for (let i = 0; i < this.kinds.length; i++) {
      if (this.isShown(i)) rows.push(i);
    }
    this.rows = rows;
    this.redrawAll = true;
  }

  /** No more lines will come (the job ended). */
  finish() {
    this.ended = true;
    this.element.dataset.state = 'done';
    this.schedule();
  }

  /** Lines are being read live now (the log so far is loaded). */
  live() {
    if (!this.ended) this.element.dataset.state = 'live';
  }

  // ---- steps ----

  /** The steps seen in the log, in order: { id, name, startedAt, endedAt, conclusion, attempt, index }. */
  steps() {
    return [...this.stepInfo.values()];
  }

  /** Unfolds a step's section and scrolls to its first line. */
  revealStep(index) {
    if (!this.stepInfo.has(index)) return;
    if (this.folded.delete(index)) this.rebuildRows();
    this.setFollowing(false);
    this.scrollToLine(index, 'top');
  }

  toggle(index) {
    if (!this.folded.delete(index)) this.folded.add(index);
    const anchor = this.rowOf(index);
    const offset = anchor * LINE_HEIGHT - this.scroller.scrollTop;
    this.rebuildRows();
    // The header that was clicked stays where it was on screen.
    this.setScrollTop(this.rowOf(index) * LINE_HEIGHT - offset);
    this.schedule();
  }

  // ---- search ----

  searchSoon() {
    clearTimeout(this.searchTimer);
    // As the reader types, the first match comes into view; Enter then makes it the current one, whenever it is pressed.
    this.searchTimer = setTimeout(() => {
      this.searchNow();
      if (this.matchLines.length === 0) return;
      const line = this.matchLines[this.firstMatchInView()];
      this.setFollowing(false);
      this.reveal(line);
      this.scrollToLine(line, 'center');
    }, 120);
  }

  /** Runs the search box's query if it changed. */
  searchNow() {
    clearTimeout(this.searchTimer);
    const query = this.searchInput.value.toLowerCase();
    if (query === this.query) return;
    this.query = query;
    this.matchLines = [];
    this.matchStarts = [];
    this.current = -1;
    if (query) this.searchFrom(0);
    this.showCount();
    this.redrawAll = true;
    this.schedule();
  }

  lowerOf(i) {
    let lower = this.lowered[i];
    if (lower === undefined) {
      lower = plainText(this.texts[i]).toLowerCase();
      this.lowered[i] = lower;
    }
    return lower;
  }

  searchFrom(first) {
    const query = this.query;
    for (let i = first; i < this.kinds.length && this.matchLines.length < MAX_MATCHES; i++) {
      if (ENDS.has(this.kinds[i])) continue;
      const text = this.lowerOf(i);
      for (let at = text.indexOf(query); at >= 0; at = text.indexOf(query, at + query.length)) {
        this.matchLines.push(i);
        this.matchStarts.push(at);
      }
    }
    this.showCount();
  }

  showCount() {
    const total = this.matchLines.length;
    const more = total >= MAX_MATCHES ? '+' : '';
    if (!this.query) this.count.textContent = '';
    else if (total === 0) this.count.textContent = 'No matches';
    else if (this.current < 0) this.count.textContent = `${total.toLocaleString('en')}${more} matches`;
    else this.count.textContent = `${(this.current + 1).toLocaleString('en')} of ${total.toLocaleString('en')}${more}`;
  }

  /** The first match at or below the top of the view (the search starts where the reader is). */
  firstMatchInView() {
    const top = this.rows[Math.min(this.rows.length - 1, Math.floor(this.scroller.scrollTop / LINE_HEIGHT))] ?? 0;
    const at = this.matchLines.findIndex((line) => line >= top);
    return at >= 0 ? at : 0;
  }

  move(step) {
    const total = this.matchLines.length;
    if (total === 0) return;
    const next = this.current < 0 ? (step > 0 ? this.firstMatchInView() : total - 1) : (this.current + step + total) % total;
    this.goToMatch(next);
  }

  goToMatch(m) {
    this.current = m;
    this.showCount();
    this.setFollowing(false);
    this.reveal(this.matchLines[m]);
    this.scrollToLine(this.matchLines[m], 'center');
  }

  // ---- links to lines ----

  /** Scrolls to the line the URL's #L names (once it is loaded) and marks it. */
  showHash() {
    const match = /^#L(\d+)$/.exec(location.hash);
    if (!match) return false;
    const number = Number(match[1]);
    if (number < 1 || number > this.byNumber.length) {
      this.pendingNumber = number;
      return false;
    }
    this.pendingNumber = 0;
    const index = this.byNumber[number - 1];
    this.selected = index;
    this.setFollowing(false);
    this.reveal(index);
    this.scrollToLine(index, 'center');
    return true;
  }

  /** Whether the URL names a line: then the view goes there rather than to the tail. */
  hasLineLink() {
    return /^#L\d+$/.test(location.hash);
  }

  onClick(event) {
    const link = event.target.closest('a.log-num');
    if (link) {
      event.preventDefault();
      history.replaceState(history.state, '', link.getAttribute('href'));
      this.showHash();
      return;
    }
    const toggle = event.target.closest('button.log-toggle');
    if (toggle) this.toggle(Number(toggle.dataset.index));
  }

  /** Unfolds the step and group that hold a line. */
  reveal(index) {
    let changed = false;
    for (const holder of [this.sections[index], this.groups[index]]) {
      if (holder >= 0 && holder !== index && this.folded.delete(holder)) changed = true;
    }
    if (changed) this.rebuildRows();
  }

  // ---- scrolling and following ----

  setFollowing(on) {
    this.following = on;
    this.followButton.setAttribute('aria-pressed', String(on));
    this.followButton.classList.toggle('primary', on);
    if (on) this.schedule();
  }

  setTimes(on) {
    this.showTimes = on;
    localStorage.setItem('sluice.log.timestamps', on ? '1' : '0');
    this.element.classList.toggle('log-with-times', on);
    this.redrawAll = true;
    this.schedule();
  }

  /** The row a line is on (or the row before it, when it is hidden). */
  rowOf(index) {
    let [low, high] = [0, this.rows.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.rows[mid] <= index) low = mid;
      else high = mid - 1;
    }
    return Math.max(0, low);
  }

  scrollToLine(index, where) {
    this.sizeSpace();
    const row = this.rowOf(index);
    const view = this.scroller.clientHeight;
    const top = where === 'center' ? row * LINE_HEIGHT - view / 2 + LINE_HEIGHT / 2 : row * LINE_HEIGHT;
    this.setScrollTop(top);
    this.revealing = index;
    this.redrawAll = true;
    this.schedule();
  }

  setScrollTop(top) {
    const max = Math.max(0, this.rows.length * LINE_HEIGHT - this.scroller.clientHeight);
    this.scroller.scrollTop = Math.max(0, Math.min(max, Math.round(top)));
    this.expectedTop = this.scroller.scrollTop;
  }

  onScroll() {
    const top = this.scroller.scrollTop;
    // A scroll the viewer made itself says nothing about what the reader wants.
    if (Math.abs(top - this.expectedTop) > 1) {
      const atBottom = top + this.scroller.clientHeight >= this.scroller.scrollHeight - LINE_HEIGHT;
      if (atBottom !== this.following && (!atBottom || !this.ended)) this.setFollowing(atBottom);
      this.expectedTop = -1;
    }
    this.schedule();
  }

  sizeSpace() {
    this.space.style.height = `${this.rows.length * LINE_HEIGHT}px`;
    this.empty.hidden = this.rows.length > 0;
    if (this.ended) this.empty.textContent = 'This job printed nothing.';
  }

  // ---- drawing ----

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.draw();
    });
  }

  /** The log fills the window below what is above it (at least 320 px), so its last line is in view with the page at its top. */
  fitHeight() {
    const top = this.scroller.getBoundingClientRect().top + window.scrollY;
    const height = Math.max(320, Math.floor(window.innerHeight - top - 12));
    if (height !== this.height) {
      this.height = height;
      this.scroller.style.height = `${height}px`;
    }
  }

  draw() {
    this.fitHeight();
    this.sizeSpace();
    if (this.following) this.setScrollTop(this.rows.length * LINE_HEIGHT);
    if (this.redrawAll) {
      for (const element of this.drawn.values()) element.remove();
      this.drawn.clear();
      this.redrawAll = false;
    }
    const top = this.scroller.scrollTop;
    const view = this.scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / LINE_HEIGHT) - MARGIN);
    const last = Math.min(this.rows.length, Math.ceil((top + view) / LINE_HEIGHT) + MARGIN);
    for (const [row, element] of this.drawn) {
      if (row < first || row >= last || this.rows[row] !== Number(element.dataset.index)) {
        element.remove();
        this.drawn.delete(row);
      }
    }
    const fresh = document.createDocumentFragment();
    for (let row = first; row < last; row++) {
      if (this.drawn.has(row)) continue;
      const element = this.rowElement(this.rows[row]);
      element.style.top = `${row * LINE_HEIGHT}px`;
      this.drawn.set(row, element);
      fresh.append(element);
    }
    this.space.append(fresh);
    if (this.revealing >= 0) {
      // The page itself may need to scroll too for the row to be seen (the log is below the page's header).
      this.drawn.get(this.rowOf(this.revealing))?.scrollIntoView({ block: 'nearest' });
      this.expectedTop = this.scroller.scrollTop;
      this.revealing = -1;
    }
    if (this.stepsChanged) {
      this.stepsChanged = false;
      this.onSteps();
    }
  }

  rowElement(i) {
    const kind = this.kinds[i];
    const classes = ['log-row', `log-kind-${kind}`];
    if (this.levels[i]) classes.push(`log-level-${this.levels[i].replace(/[^a-z]/g, '')}`);
    if (this.groups[i] >= 0 && this.groups[i] !== i) classes.push('log-in-group');
    if (i === this.selected) classes.push('log-selected');
    const number = this.numbers[i];
    const row = h('div', { class: classes.join(' '), dataset: { index: String(i) } },
      number ? h('a', { class: 'log-num', href: `#L${number}` }, String(number)) : h('span', { class: 'log-num' }),
      this.showTimes ? h('span', { class: 'log-time', title: iso(this.ats[i]) ?? '' }, this.ats[i] === null ? '' : clock(this.ats[i])) : null,
      this.content(i, kind));
    return row;
  }

  content(i, kind) {
    if (kind === 'step' || kind === 'group') {
      const open = !this.folded.has(i);
      const toggle = h('button', { type: 'button', class: 'log-toggle', 'aria-expanded': String(open), dataset: { index: String(i) } },
        h('span', { class: 'log-chevron', 'aria-hidden': 'true' }, open ? '▾' : '▸'), ' ', this.text(i));
      if (kind === 'group') return h('span', { class: 'log-text' }, toggle);
      const info = this.stepInfo.get(i);
      const state = info.conclusion ?? (this.ended ? '' : 'running');
      const took = info.endedAt && info.startedAt ? duration(Date.parse(info.endedAt) - Date.parse(info.startedAt)) : '';
      return h('span', { class: 'log-text' }, toggle,
        state ? h('span', { class: `log-step-state s-${state.replace(/[^a-z_]/g, '')}` }, state.replace('_', ' ')) : null,
        took ? h('span', { class: 'log-step-took' }, took) : null);
    }
    if (kind === 'annotation') {
      const level = this.levels[i] ?? 'notice';
      return h('span', { class: 'log-text' }, h('span', { class: 'log-label' }, `${level[0].toUpperCase()}${level.slice(1)}:`), ' ', this.text(i));
    }
    return h('span', { class: 'log-text' }, this.text(i));
  }

  /** The line's text as nodes: ANSI styles as spans, search matches as marks. */
  text(i) {
    const pieces = parse(this.texts[i]);
    const ranges = this.rangesOf(i);
    if (ranges.length === 0) return pieces.map((piece) => this.styled(piece.text, piece.style));
    const nodes = [];
    let position = 0;
    let r = 0;
    for (const piece of pieces) {
      const text = piece.text;
      let from = 0;
      while (from < text.length) {
        const at = position + from;
        while (r < ranges.length && ranges[r].end <= at) r++;
        let to = text.length;
        let inside = false;
        if (r < ranges.length) {
          if (ranges[r].start <= at) {
            inside = true;
            to = Math.min(text.length, ranges[r].end - position);
          } else {
            to = Math.min(text.length, ranges[r].start - position);
          }
        }
        const node = this.styled(text.slice(from, to), piece.style);
        nodes.push(inside ? h('mark', { class: ranges[r].current ? 'log-match log-match-current' : 'log-match' }, node) : node);
        from = to;
      }
      position += text.length;
    }
    return nodes;
  }

  styled(text, style) {
    if (!style) return text;
    const span = h('span', {}, text);
    applyStyle(span, style);
    return span;
  }

  /** The search's matches in a line, as [start, end) of its plain text. */
  rangesOf(i) {
    if (!this.query || this.matchLines.length === 0) return [];
    let [low, high] = [0, this.matchLines.length];
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.matchLines[mid] < i) low = mid + 1;
      else high = mid;
    }
    const ranges = [];
    for (let m = low; m < this.matchLines.length && this.matchLines[m] === i; m++) {
      ranges.push({ start: this.matchStarts[m], end: this.matchStarts[m] + this.query.length, current: m === this.current });
    }
    return ranges;
  }

  /** Puts the viewer in its place and shows the first lines (or the linked line, or the tail when following). */
  mount(parent) {
    replace(parent, this.element);
    this.schedule();
  }
}
