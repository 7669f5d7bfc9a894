/**
 * @module web/audit/svg-chart
 * Bar charts drawn by the hub as SVG, in the page: no chart library in the browser, nothing to
 * fetch, nothing for the CSP to allow. Labels are text (escaped like any other value), the chart
 * has a title and a description for screen readers, and the same numbers are offered as CSV.
 */
import { html, type SafeHtml } from '../html.js';

export interface Bar {
  label: string;
  value: number;
}

/** One row of a chart with several series (e.g. p50 and p90): a value per series, in order. */
export interface BarGroup {
  label: string;
  values: readonly number[];
}

const WIDTH = 720;
const ROW = 26;
const LABEL_WIDTH = 220;
const VALUE_WIDTH = 60;
const LEGEND = 24;
/** Series colours, each ≥ 4.5:1 against white (WCAG AA, also for the legend's text beside them). */
const COLOURS = ['#0b5cad', '#8a4b00', '#1e6b3a'] as const;

/** Horizontal bars (long Chinese names read best on their own line), one per item, largest scale first. */
export function barChart(id: string, title: string, bars: readonly Bar[]): SafeHtml {
  return groupedBarChart(
    id,
    title,
    [],
    bars.map((b) => ({ label: b.label, values: [b.value] })),
  );
}

/**
 * Bars in groups, one bar per series in each group, and a legend naming the series when there is
 * more than one. `unit` follows each value (e.g. `%`).
 */
export function groupedBarChart(id: string, title: string, series: readonly string[], groups: readonly BarGroup[], unit = ''): SafeHtml {
  const perGroup = Math.max(1, ...groups.map((g) => g.values.length));
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const legend = series.length > 1 ? LEGEND : 0;
  const groupHeight = perGroup * ROW;
  const height = legend + Math.max(1, groups.length) * groupHeight + 8;
  const summary = groups
    .map((g) => `${g.label} ${g.values.map((v, i) => `${series[i] ? `${series[i]} ` : ''}${v}${unit}`).join(' ')}`)
    .join('；');
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" id="${id}">
<title id="${id}-title">${title}</title>
<desc id="${id}-desc">${summary}</desc>
${
  legend
    ? series.map(
        (name, i) => html`<rect x="${LABEL_WIDTH + i * 120}" y="4" width="14" height="14" fill="${COLOURS[i % COLOURS.length]}"></rect>
<text x="${LABEL_WIDTH + i * 120 + 20}" y="16" font-size="13" fill="#1f2933">${name}</text>`,
      )
    : undefined
}
${groups.map((group, g) => {
  const top = legend + 4 + g * groupHeight;
  return html`<g>
<text x="${LABEL_WIDTH - 8}" y="${top + groupHeight / 2 + 5}" text-anchor="end" font-size="13" fill="#1f2933">${truncate(group.label, 18)}</text>
${group.values.map((value, i) => {
  const y = top + i * ROW;
  const width = Math.round((value / max) * plot);
  return html`<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${width}" height="${ROW - 8}" fill="${COLOURS[i % COLOURS.length]}"></rect>
<text x="${LABEL_WIDTH + width + 6}" y="${y + 17}" font-size="13" fill="#1f2933">${value}${unit}</text>`;
})}
</g>`;
})}
</svg>`;
}

function truncate(text: string, max: number): string {
  return [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
}
