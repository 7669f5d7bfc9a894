import { describe, expect, it } from 'vitest';
import { barChart, groupedBarChart } from './svg-chart.js';

describe('SVG charts', () => {
  it('draw one bar per series in each group, a legend for several series, and say it all in the description', () => {
    const svg = groupedBarChart('c', '办理用时', ['p50', 'p90'], [{ label: '食品<经营>', values: [3, 9] }], '天').value;
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('<desc id="c-desc">食品&lt;经营&gt; p50 3天 p90 9天</desc>');
    expect(svg).toContain('>p90</text>');
    expect(svg).toContain('role="img" aria-labelledby="c-title c-desc"');
    expect(svg).not.toContain('<script');
  });

  it('draw single bars without a legend, the largest across the plot', () => {
    const svg = barChart('d', '每日', [
      { label: 'a', value: 2 },
      { label: 'b', value: 4 },
    ]).value;
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('width="440"');
    expect(svg).toContain('width="220"');
  });
});
