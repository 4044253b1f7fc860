import { describe, expect, it } from 'vitest';
import { barChart, heatmap, htmlTable, pricePath, reliabilityDiagram, svgChart } from '../../notebooks/lib/charts.ts';

describe('notebook chart helpers', () => {
  it('render vega-lite specs to SVG', async () => {
    const svg = await svgChart({ data: { values: [{ a: 'x', b: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
  });

  it('draw heatmaps (axis titles given or the field names), reliability diagrams and bar charts with their titles', async () => {
    const h = await heatmap([{ x: 1, y: 2, v: -0.01 }, { x: 2, y: 2, v: 0.02 }], { x: 'x', y: 'y', value: 'v', title: 'Heat', diverging: true, xTitle: 'halfLifeHours' });
    expect(h).toContain('Heat');
    expect(h).toContain('halfLifeHours');
    const r = await reliabilityDiagram([{ forecaster: 'market', mean_forecast: 0.2, observed_rate: 0.25, count: 10 }, { forecaster: 'market', mean_forecast: null, observed_rate: null, count: 0 }]);
    expect(r).toContain('Reliability');
    expect(await barChart([{ m: 'a', d: 0.1 }], { x: 'm', y: 'd', title: 'Bars' })).toContain('Bars');
  });

  it('bar charts keep the rows’ order unless asked to sort by value', async () => {
    const rows = [{ m: 'b-small', d: 0.01 }, { m: 'a-large', d: 0.5 }];
    const labels = (svg: string) => [...svg.matchAll(/>(a-large|b-small)</g)].map((x) => x[1]);
    expect(labels(await barChart(rows, { x: 'm', y: 'd', title: 'T' }))).toEqual(['b-small', 'a-large']);
    expect(labels(await barChart(rows, { x: 'm', y: 'd', title: 'T', sort: true }))).toEqual(['a-large', 'b-small']);
  });

  it('price paths label time ticks with UTC dates, never a bare hour', async () => {
    const t = (h: number) => new Date(Date.UTC(2025, 4, 1) + h * 3_600_000).toISOString();
    const prices = Array.from({ length: 50 }, (_, i) => ({ time: t(i * 4), price: 0.5 + 0.003 * i }));
    const svg = await pricePath(prices, [{ time: t(40), price: 0.62, size: 10, direction: 'YES-implied' }], 'Path');
    const ticks = [...svg.matchAll(/<text[^>]*>(May \d\d)<\/text>/g)].map((x) => x[1]);
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.slice(0, 2)).toEqual(['May 01', 'May 02']);
    expect(svg).not.toMatch(/>\d\d? (AM|PM)</);
    // UTC whatever the machine's zone: the same data draws the same chart.
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      expect(await pricePath(prices, [{ time: t(40), price: 0.62, size: 10, direction: 'YES-implied' }], 'Path')).toBe(svg);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    const short = await pricePath([{ time: t(0), price: 0.5 }, { time: t(12), price: 0.6 }], [], 'Short');
    expect(short).toMatch(/>May 01 \d\d:\d\d</);
  });

  it('tables escape HTML and format numbers (tiny non-zero ones in exponent form)', () => {
    expect(htmlTable([{ a: '<b>', b: 0.123456, c: 3, d: null, e: 2.7e-17 }])).toBe(
      '<table><thead><tr><th>a</th><th>b</th><th>c</th><th>d</th><th>e</th></tr></thead><tbody><tr><td>&lt;b></td><td>0.1235</td><td>3</td><td>—</td><td>2.7e-17</td></tr></tbody></table>',
    );
  });
});
