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
const FONT_SIZE = 13;
const LABEL_PAD = 8;
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
${label(group.label, top + groupHeight / 2 + 5)}
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

/**
 * A category label in the label column, left-aligned so it can never be cut at the chart's left
 * edge: a label wider than the column is shortened on the right with an ellipsis, and the whole
 * label is its `<title>` (the tooltip; the description keeps it for screen readers too).
 */
function label(text: string, y: number): SafeHtml {
  const shown = fitLabel(text, LABEL_WIDTH - 2 * LABEL_PAD);
  return html`<text x="${LABEL_PAD}" y="${y}" font-size="${FONT_SIZE}" fill="#1f2933">${
    shown === text ? text : html`<title>${text}</title>${shown}`
  }</text>`;
}

/** Estimated width in pixels: CJK and full-width characters are one em, the rest about 0.6 em. */
function textWidth(chars: readonly string[]): number {
  return chars.reduce((sum, c) => sum + ((c.codePointAt(0) ?? 0) >= 0x2e80 || c === '…' ? FONT_SIZE : FONT_SIZE * 0.6), 0);
}

/** The label as drawn in `width` pixels: whole when it fits, else its start and an ellipsis. */
function fitLabel(text: string, width: number): string {
  const chars = [...text];
  if (textWidth(chars) <= width) return text;
  let keep = chars.length;
  while (keep > 0 && textWidth([...chars.slice(0, keep), '…']) > width) keep -= 1;
  return `${chars.slice(0, keep).join('')}…`;
}
