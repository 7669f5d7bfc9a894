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

  it('keep labels inside the label column: a long one is cut on the right with an ellipsis, whole in its <title>', () => {
    const long = '食品经营许可（新办）（新化县行政审批服务局）';
    const svg = barChart('e', '按时办结率', [
      { label: long, value: 90 },
      { label: '企业变更登记', value: 100 },
    ]).value;
    const labels = [...svg.matchAll(/<text x="(\d+)"[^>]*>(.*?)<\/text>/g)].filter((m) => !/^\d/.test(m[2] as string));
    expect(labels.map((m) => m[1])).toEqual(['8', '8']);
    const [cut, short] = labels.map((m) => m[2] as string);
    expect(short).toBe('企业变更登记');
    expect(cut).toMatch(/^<title>食品经营许可（新办）（新化县行政审批服务局）<\/title>食品经营许可（新办）.*…$/);
    // 13 px a character, in the 204 px the column leaves: fifteen characters with the ellipsis.
    expect([...(cut as string).replace(/^<title>.*<\/title>/, '')]).toHaveLength(15);
    expect(svg).not.toContain('text-anchor="end"');
  });
});
