import { describe, expect, it } from 'vitest';
import { barChart, heatmap, htmlTable, reliabilityDiagram, svgChart } from '../../notebooks/lib/charts.ts';
import { parseCells } from '../../notebooks/lib/build.ts';

describe('notebook chart helpers', () => {
  it('render vega-lite specs to SVG in Node', async () => {
    const svg = await svgChart({ data: { values: [{ a: 'x', b: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
  });

  it('draw heatmaps, reliability diagrams and bar charts with their titles', async () => {
    const h = await heatmap([{ x: 1, y: 2, v: -0.01 }, { x: 2, y: 2, v: 0.02 }], { x: 'x', y: 'y', value: 'v', title: 'Heat', diverging: true });
    expect(h).toContain('Heat');
    const r = await reliabilityDiagram([{ forecaster: 'market', mean_forecast: 0.2, observed_rate: 0.25, count: 10 }, { forecaster: 'market', mean_forecast: null, observed_rate: null, count: 0 }]);
    expect(r).toContain('Reliability');
    expect(await barChart([{ m: 'a', d: 0.1 }], { x: 'm', y: 'd', title: 'Bars' })).toContain('Bars');
  });

  it('tables escape HTML and format numbers', () => {
    expect(htmlTable([{ a: '<b>', b: 0.123456, c: 3, d: null }])).toBe('<table><thead><tr><th>a</th><th>b</th><th>c</th><th>d</th></tr></thead><tbody><tr><td>&lt;b></td><td>0.1235</td><td>3</td><td>—</td></tr></tbody></table>');
  });

  it('notebook sources split into Markdown and code cells with stable ids', () => {
    const cells = parseCells('x', '// %% [markdown]\n// # Title\n// text\n\n// %%\nconst a = 1;\na\n');
    expect(cells.map((c) => c.cell_type)).toEqual(['markdown', 'code']);
    expect(cells[0]!.source).toEqual(['# Title\n', 'text']);
    expect(cells[1]!.source).toEqual(['const a = 1;\n', 'a']);
    expect(parseCells('x', '// %%\n1\n')[0]!.id).toBe(parseCells('x', '// %%\n2\n')[0]!.id);
  });
});
