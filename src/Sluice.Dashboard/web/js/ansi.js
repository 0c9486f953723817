// A log line's ANSI escape sequences as styled pieces of text. Colours and weights of SGR (`ESC[...m`) are kept;
// every other escape (cursor moves, titles, hyperlinks) and control character is dropped, so what is left is plain
// text to show, search and copy. Each line is read on its own: a style does not carry over to the next line, which
// is what lets the viewer draw any line without reading those before it.

// CSI (ESC [ params final), OSC (ESC ] ... BEL or ESC \), other escapes (ESC, intermediates, a final: ESC ( B), a
// lone ESC, and the C0 controls other than tab.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]|\x1b|[\x00-\x08\x0b-\x1f\x7f]/g;
const NEEDS_WORK = /[\x00-\x08\x0b-\x1f\x7f]/;

/** What a terminal would leave of a line rewritten with carriage returns (progress bars): the last text written. */
function afterCarriageReturns(text) {
  if (!text.includes('\r')) return text;
  const parts = text.split('\r');
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i] !== '') return parts[i];
  }
  return '';
}

/** The text a person sees, without escapes: what search matches and what a copy gives. */
export function plainText(text) {
  if (!NEEDS_WORK.test(text)) return text;
  return afterCarriageReturns(text).replace(ESCAPES, '');
}

/** The 256-colour palette's entries 16-255 (a 6x6x6 cube, then 24 greys) as CSS colours. */
function color256(n) {
  if (n < 232) {
    const v = n - 16;
    const level = (x) => (x === 0 ? 0 : 55 + x * 40);
    return `rgb(${level(Math.floor(v / 36))}, ${level(Math.floor(v / 6) % 6)}, ${level(v % 6)})`;
  }
  const grey = 8 + (n - 232) * 10;
  return `rgb(${grey}, ${grey}, ${grey})`;
}

const byte = (value) => Number.isInteger(value) && value >= 0 && value <= 255;

/**
 * An extended colour (38/48 ; 5 ; n or ; 2 ; r ; g ; b) at params[i]: [colour, how many params it used]. A colour is
 * { index } for the 16 named ones (drawn with classes) or { css } for the rest (drawn as a style).
 */
function extended(params, i) {
  if (params[i + 1] === 5) {
    const n = params[i + 2];
    if (!byte(n)) return [null, 2];
    return [n < 16 ? { index: n } : { css: color256(n) }, 3];
  }
  if (params[i + 1] === 2) {
    const [r, g, b] = [params[i + 2], params[i + 3], params[i + 4]];
    return [byte(r) && byte(g) && byte(b) ? { css: `rgb(${r}, ${g}, ${b})` } : null, 5];
  }
  return [null, 1];
}

const PLAIN = Object.freeze({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, strike: false, inverse: false });

/** The style after one SGR sequence's parameters ("1;31", "38;5;208", "" = reset). */
function applySgr(style, paramText) {
  const next = { ...style };
  const params = paramText === '' ? [0] : paramText.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) Object.assign(next, PLAIN);
    else if (p === 1) next.bold = true;
    else if (p === 2) next.dim = true;
    else if (p === 3) next.italic = true;
    else if (p === 4) next.underline = true;
    else if (p === 7) next.inverse = true;
    else if (p === 9) next.strike = true;
    else if (p === 22) { next.bold = false; next.dim = false; }
    else if (p === 23) next.italic = false;
    else if (p === 24) next.underline = false;
    else if (p === 27) next.inverse = false;
    else if (p === 29) next.strike = false;
    else if (p >= 30 && p <= 37) next.fg = { index: p - 30 };
    else if (p >= 90 && p <= 97) next.fg = { index: p - 90 + 8 };
    else if (p === 39) next.fg = null;
    else if (p >= 40 && p <= 47) next.bg = { index: p - 40 };
    else if (p >= 100 && p <= 107) next.bg = { index: p - 100 + 8 };
    else if (p === 49) next.bg = null;
    else if (p === 38 || p === 48) {
      const [colour, used] = extended(params, i);
      if (colour) next[p === 38 ? 'fg' : 'bg'] = colour;
      i += used - 1;
    }
    // Anything else (blink, fonts, frames) is not drawn.
  }
  return next;
}

/**
 * The line as pieces [{ text, style }] whose texts together are plainText(line); style is null for unstyled text,
 * else { fg, bg, bold, dim, italic, underline, strike, inverse }.
 */
export function parse(line) {
  if (!NEEDS_WORK.test(line)) return [{ text: line, style: null }];
  const text = afterCarriageReturns(line);
  const pieces = [];
  let style = PLAIN;
  let at = 0;
  const push = (piece) => {
    if (piece === '') return;
    const plain = style === PLAIN || Object.entries(style).every(([k, v]) => v === PLAIN[k]);
    pieces.push({ text: piece, style: plain ? null : style });
  };
  for (const match of text.matchAll(ESCAPES)) {
    push(text.slice(at, match.index));
    at = match.index + match[0].length;
    const sgr = /^\x1b\[([0-9;:]*)m$/.exec(match[0]);
    if (sgr) style = applySgr(style, sgr[1]);
  }
  push(text.slice(at));
  return pieces.length > 0 ? pieces : [{ text: '', style: null }];
}

/**
 * Styles an element as a piece's style says: the 16 named colours by class (the stylesheet's palette), others with
 * element.style (allowed by the page's policy, unlike a style attribute in markup).
 */
export function applyStyle(element, style) {
  let [fg, bg] = [style.fg, style.bg];
  if (style.inverse) [fg, bg] = [bg ?? { index: -1 }, fg ?? { index: -2 }];
  const classes = [];
  if (fg) {
    if (fg.css) element.style.color = fg.css;
    else classes.push(fg.index === -1 ? 'ansi-fg-inverse' : `ansi-fg-${fg.index}`);
  }
  if (bg) {
    if (bg.css) element.style.backgroundColor = bg.css;
    else classes.push(bg.index === -2 ? 'ansi-bg-inverse' : `ansi-bg-${bg.index}`);
  }
  if (style.bold) classes.push('ansi-bold');
  if (style.dim) classes.push('ansi-dim');
  if (style.italic) classes.push('ansi-italic');
  if (style.underline) classes.push('ansi-underline');
  if (style.strike) classes.push('ansi-strike');
  if (classes.length > 0) element.className = classes.join(' ');
}
