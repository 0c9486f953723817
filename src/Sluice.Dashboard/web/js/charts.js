// Charts over time with uPlot (from npm, pinned in package-lock.json, embedded at build time): a canvas a person reads,
// and beside it the same figures as a table for screen readers and for copying. Loaded only by pages that chart.
import { h } from './dom.js';

let library;

/** uPlot and its stylesheet, loaded once, when the first chart is drawn. */
async function uPlot() {
  if (!library) {
    const base = new URL('../vendor/', import.meta.url);
    const link = h('link', { rel: 'stylesheet', href: new URL('uPlot.min.css', base).pathname });
    document.head.append(link);
    library = import(new URL('uPlot.esm.js', base).pathname).then((module) => module.default);
  }
  return library;
}

/** Colours with a contrast of at least 3:1 against white, told apart by dash as well as hue. */
const palette = [
  { stroke: '#0b5cad' },
  { stroke: '#b35900', dash: [6, 3] },
  { stroke: '#1a7f37', dash: [2, 3] },
  { stroke: '#8250df', dash: [8, 3, 2, 3] },
];

/**
 * A line chart of series over one x axis.
 * xs: numbers (unix seconds when time is true); series: [{ label, values, format?, points? (only markers), band? }]
 * where a band is { lower, upper } arrays drawn as a shaded area behind the series; range: [min, max] of the y axis
 * when it has fixed ends (a percentage), else it fits the data.
 */
export function lineChart({ title, xs, series, time = true, yLabel = '', format = (v) => String(v), height = 200, range = null }) {
  const canvas = h('div', { class: 'chart-canvas' });
  const figure = h('figure', { class: 'chart' },
    h('figcaption', {}, title),
    canvas,
    dataTable(title, xs, series, time, format));

  const draw = async () => {
    const Plot = await uPlot();
    const data = [xs];
    const drawn = [{}];
    const bands = [];
    for (const [i, s] of series.entries()) {
      const colour = palette[i % palette.length];
      if (s.band) {
        data.push(s.band.upper, s.band.lower);
        drawn.push({ label: `${s.label} upper bound`, stroke: 'transparent', points: { show: false }, value: (u, v) => format(v) },
          { label: `${s.label} lower bound`, stroke: 'transparent', points: { show: false }, value: (u, v) => format(v) });
        bands.push({ series: [drawn.length - 2, drawn.length - 1], fill: 'rgba(11, 92, 173, 0.12)' });
      }
      data.push(s.values);
      drawn.push(s.points
        ? { label: s.label, stroke: '#c0282d', fill: '#c0282d', paths: () => null, points: { show: true, size: 9, stroke: '#c0282d', fill: '#c0282d' }, value: (u, v) => (v === null || v === undefined ? '' : format(v)) }
        : { label: s.label, stroke: colour.stroke, dash: colour.dash, width: 2, spanGaps: false, points: { show: xs.length < 40 }, value: (u, v) => (v === null || v === undefined ? '–' : format(v)) });
    }
    const width = Math.max(280, Math.min(canvas.clientWidth || 640, 1200));
    // eslint-disable-next-line no-new
    new Plot({
      width, height, bands,
      scales: range ? { x: { time }, y: { range } } : { x: { time } },
      series: drawn,
      axes: [{}, { label: yLabel, values: (u, ticks) => ticks.map(format), size: 70 }],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }, data, canvas);
  };
  // Drawn once the figure is in the page, where it has a width.
  requestAnimationFrame(() => { draw().catch((error) => canvas.append(h('p', { class: 'empty' }, `The chart could not be drawn: ${error.message}`))); });
  return figure;
}

function dataTable(title, xs, series, time, format) {
  const label = (x) => (time ? new Date(x * 1000).toISOString().slice(0, 10) : String(x));
  const shown = series.filter((s) => !s.points);
  return h('details', { class: 'chart-data' },
    h('summary', {}, 'Figures'),
    h('table', { class: 'list' },
      h('caption', { class: 'visually-hidden' }, title),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, time ? 'Day' : 'Point'), shown.map((s) => h('th', { scope: 'col' }, s.label)))),
      h('tbody', {}, xs.map((x, i) => h('tr', {}, h('th', { scope: 'row' }, label(x)),
        shown.map((s) => h('td', { class: 'num' }, s.values[i] === null || s.values[i] === undefined ? '–' : format(s.values[i]))))))));
}
