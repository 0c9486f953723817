// A repository's DORA figures (docs/dora.md): the four keys with their band beside DORA's published bands (the
// Accelerate State of DevOps Report 2023's clusters), and deployments, failures and lead time per UTC day as charts.
import { get, query } from './api.js';
import { h } from './dom.js';
import { lineChart } from './charts.js';
import { seconds } from './format.js';

const Bands = ['elite', 'high', 'medium', 'low'];

/** Each key's bands as the report words them, and how this server reads them as thresholds (DoraBands.cs). */
const Published = [
  { key: 'deploymentFrequency', name: 'Deployment frequency', bands: ['On demand (once a day or more)', 'Once a day to once a week', 'Once a week to once a month', 'Less than once a month'] },
  { key: 'leadTime', name: 'Lead time for changes', bands: ['Less than a day', 'A day to a week', 'A week to a month', 'More than a month'] },
  { key: 'changeFailureRate', name: 'Change failure rate', bands: ['5% or less', '10% or less', '15% or less', 'More than 15% (cluster: 64%)'] },
  { key: 'timeToRestore', name: 'Time to restore', bands: ['Less than an hour', 'Less than a day', 'A day to a week', 'More than a week'] },
];

const day = (text) => Date.parse(`${text}T00:00:00Z`) / 1000;

/** "3 a day", "2 a week", "1.5 a month", "none"; a dash for nothing known. */
export function frequency(perDay) {
  if (perDay === null || perDay === undefined) return '–';
  if (perDay === 0) return 'none';
  const round = (v) => String(Math.round(v * 100) / 100);
  if (perDay >= 1) return `${round(perDay)} a day`;
  if (perDay >= 1 / 7) return `${round(perDay * 7)} a week`;
  return `${round(perDay * 30)} a month`;
}

/** A time in seconds, in days and hours past a day. */
export function longDuration(value) {
  if (value === null || value === undefined) return '–';
  if (value < 86400) return seconds(value);
  return `${Math.floor(value / 86400)}d ${String(Math.floor((value % 86400) / 3600)).padStart(2, '0')}h`;
}

const share = (value) => (value === null || value === undefined ? '–' : `${(100 * value).toFixed(1)}%`);

const Shown = {
  deploymentFrequency: (k) => [frequency(k.value), `${k.count} healthy deployment${k.count === 1 ? '' : 's'}`],
  leadTime: (k) => [longDuration(k.value), `median of ${k.count}`],
  changeFailureRate: (k) => [share(k.value), `of ${k.count} change${k.count === 1 ? '' : 's'}`],
  timeToRestore: (k) => [longDuration(k.value), `median of ${k.count} failure${k.count === 1 ? '' : 's'}`],
};

/** The four keys, and beside each DORA's four bands with the one it falls in marked in words as well as by colour. */
function keysTable(dora) {
  return h('table', { class: 'list dora-keys' },
    h('caption', {}, 'The four keys and DORA\'s published bands'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'From'),
      Bands.map((b) => h('th', { scope: 'col' }, b[0].toUpperCase() + b.slice(1))))),
    h('tbody', {}, Published.map(({ key, name, bands }) => {
      const figure = dora[key];
      const [value, from] = Shown[key](figure);
      return h('tr', { dataset: { key } },
        h('th', { scope: 'row' }, name),
        h('td', { class: 'num' }, value),
        h('td', {}, from),
        bands.map((text, i) => (figure.band === Bands[i]
          ? h('td', { class: `band band-${Bands[i]} current`, 'aria-current': 'true' }, h('strong', {}, text), h('span', { class: 'band-mark' }, ' ◀ this repository'))
          : h('td', { class: 'band' }, text))));
    })));
}

/** The DORA section of a repository (one environment or all) over the last `days` days. */
export async function doraSection(repository, environment, days) {
  const dora = await get(`/api/v1/repos/${encodeURIComponent(repository)}/dora${query({ env: environment, since: `${days}d` })}`);
  const xs = dora.days.map((d) => day(d.day));
  // Counts are whole: the axis labels only its whole ticks.
  const count = (v) => (Number.isInteger(v) ? String(v) : '');
  return [
    h('p', { class: 'sub' }, `${environment ? `Environment ${environment}` : 'All environments'}, `, dora.from.slice(0, 10), ' to ', dora.to.slice(0, 10),
      ' (UTC). Bands: ', h('a', { href: 'https://dora.dev/research/2023/dora-report/', rel: 'noopener' }, 'Accelerate State of DevOps Report 2023'), '.'),
    keysTable(dora),
    h('div', { class: 'charts' },
      lineChart({
        title: 'Deployments and failures per day',
        xs,
        series: [{ label: 'Deployments', values: dora.days.map((d) => d.deployments) }, { label: 'Failures', values: dora.days.map((d) => d.failures) }],
        format: count,
      }),
      lineChart({ title: 'Lead time per day (median)', xs, series: [{ label: 'Lead time', values: dora.days.map((d) => d.leadTimeSeconds ?? null) }], format: longDuration })),
  ];
}
