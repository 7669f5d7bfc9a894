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

const WIDTH = 720;
const ROW = 26;
const LABEL_WIDTH = 220;
const VALUE_WIDTH = 60;

/** Horizontal bars (long Chinese names read best on their own line), one per item, largest scale first. */
export function barChart(id: string, title: string, bars: readonly Bar[]): SafeHtml {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(1, bars.length) * ROW + 8;
  const summary = bars.map((b) => `${b.label} ${b.value}`).join('；');
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" id="${id}">
<title id="${id}-title">${title}</title>
<desc id="${id}-desc">${summary}</desc>
${bars.map((bar, i) => {
  const y = 4 + i * ROW;
  const width = Math.round((bar.value / max) * plot);
  return html`<g>
<text x="${LABEL_WIDTH - 8}" y="${y + 17}" text-anchor="end" font-size="13" fill="#1f2933">${truncate(bar.label, 18)}</text>
<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${width}" height="${ROW - 8}" fill="#0b5cad"></rect>
<text x="${LABEL_WIDTH + width + 6}" y="${y + 17}" font-size="13" fill="#1f2933">${bar.value}</text>
</g>`;
})}
</svg>`;
}

function truncate(text: string, max: number): string {
  return [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
}
