import * as vl from 'vega-lite';
import * as vega from 'vega';

/*
 * Charts for notebooks: vega-lite specs compiled and rendered to SVG in the kernel's own runtime
 * (Node under tslab, Deno under Deno's kernel; no browser, no canvas), so committed notebooks show
 * them on any code host. Each helper returns the SVG text; field names are checked against the rows'
 * type. Times are shown in UTC, so the same data draws the same chart on every machine.
 */

/** A field of the row type R, by name. */
type Field<R> = keyof R & string;

/** Renders any vega-lite spec to an SVG string. */
export async function svgChart(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const base = (title: string, width = 480, height = 300) => ({ title, width, height, config: { font: 'sans-serif' } });

/** A heatmap of `value` over (x, y), with the value printed in each cell (`label` or the value); axis titles default to the field names. */
export function heatmap<R extends object>(
  rows: readonly R[],
  o: { x: Field<R>; y: Field<R>; value: Field<R>; label?: Field<R>; title: string; diverging?: boolean; xTitle?: string; yTitle?: string },
): Promise<string> {
  const nx = new Set(rows.map((r) => r[o.x])).size;
  const ny = new Set(rows.map((r) => r[o.y])).size;
  const order = (f: Field<R>) => [...new Set(rows.map((r) => r[f]))];
  return svgChart({
    ...base(o.title, Math.max(240, nx * 105), Math.max(120, ny * 48)),
    data: { values: rows },
    // Axes keep the rows' order of values (a grid's order), not a lexical sort of their labels.
    encoding: { x: { field: o.x, type: 'ordinal', sort: order(o.x), title: o.xTitle ?? o.x }, y: { field: o.y, type: 'ordinal', sort: order(o.y), title: o.yTitle ?? o.y } },
    layer: [
      { mark: 'rect', encoding: { color: { field: o.value, type: 'quantitative', scale: o.diverging ? { scheme: 'redblue', domainMid: 0, reverse: true } : { scheme: 'viridis' } } } },
      // Labels may hold two lines ("value\n[lo, hi]").
      { mark: { type: 'text', fontSize: 10, lineBreak: '\n' }, encoding: { text: { field: o.label ?? o.value, type: o.label ? 'nominal' : 'quantitative', format: o.label ? undefined : '.4f' } } },
    ],
  } as vl.TopLevelSpec);
}

/**
 * A reliability diagram: observed rate against mean forecast per bin, one line per forecaster,
 * with the diagonal of perfect calibration. `bins` rows: { forecaster, mean_forecast, observed_rate, count }.
 */
export function reliabilityDiagram(bins: readonly { forecaster: string; mean_forecast: number | null; observed_rate: number | null; count: number }[], title = 'Reliability diagram'): Promise<string> {
  const pts = bins.filter((b) => b.mean_forecast !== null && b.observed_rate !== null);
  const xy = {
    x: { field: 'mean_forecast', type: 'quantitative', title: 'mean forecast', scale: { domain: [0, 1] } },
    y: { field: 'observed_rate', type: 'quantitative', title: 'observed YES rate', scale: { domain: [0, 1] } },
    color: { field: 'forecaster', type: 'nominal' },
  };
  return svgChart({
    ...base(title, 360, 360),
    layer: [
      { data: { values: [{ p: 0 }, { p: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: 'gray' }, encoding: { x: { field: 'p', type: 'quantitative' }, y: { field: 'p', type: 'quantitative' } } },
      { data: { values: pts }, mark: { type: 'line', opacity: 0.7 }, encoding: { ...xy, order: { field: 'mean_forecast', type: 'quantitative' } } },
      { data: { values: pts }, mark: { type: 'circle', opacity: 0.8 }, encoding: { ...xy, size: { field: 'count', type: 'quantitative', title: 'markets', scale: { range: [15, 400] } } } },
    ],
  } as vl.TopLevelSpec);
}

/** A bar chart of `y` by category `x` (optionally coloured); `sort: true` orders bars by `y`, largest first, else they keep the rows' order. */
export function barChart<R extends object>(rows: readonly R[], o: { x: Field<R>; y: Field<R>; color?: Field<R>; title: string; sort?: boolean; grouped?: boolean }): Promise<string> {
  return svgChart({
    ...base(o.title),
    data: { values: rows },
    mark: 'bar',
    encoding: {
      x: { field: o.x, type: 'nominal', sort: o.sort ? '-y' : null },
      y: { field: o.y, type: 'quantitative' },
      ...(o.color ? { color: { field: o.color, type: 'nominal' } } : {}),
      // Side by side rather than stacked (colour groups within each x).
      ...(o.color && o.grouped ? { xOffset: { field: o.color } } : {}),
    },
  } as vl.TopLevelSpec);
}

/**
 * A price path (line over time) with a wallet's fills as points (colour = direction, size = shares).
 * `time` is ISO 8601; the time axis is UTC, its ticks carry the date (and the hour where the span
 * is short), so a tick is never just "12 PM".
 */
export function pricePath(
  prices: readonly { time: string; price: number }[],
  fills: readonly { time: string; price: number; size: number; direction: 'YES-implied' | 'NO-implied' }[],
  title: string,
): Promise<string> {
  const times = [...prices, ...fills].map((p) => Date.parse(p.time));
  const spanDays = times.length ? (Math.max(...times) - Math.min(...times)) / 86_400_000 : 0;
  const time = {
    field: 'time',
    type: 'temporal',
    title: 'time (UTC)',
    scale: { type: 'utc' },
    axis: { labelExpr: `utcFormat(datum.value, '${spanDays > 4 ? '%b %d' : '%b %d %H:%M'}')`, labelAngle: -30, tickCount: 8 },
  };
  return svgChart({
    ...base(title, 560, 300),
    layer: [
      { data: { values: prices }, mark: { type: 'line', color: '#888' }, encoding: { x: time, y: { field: 'price', type: 'quantitative', title: 'YES price', scale: { domain: [0, 1] } } } },
      {
        data: { values: fills },
        mark: { type: 'point', filled: true },
        encoding: {
          x: time,
          y: { field: 'price', type: 'quantitative' },
          color: { field: 'direction', type: 'nominal', scale: { domain: ['YES-implied', 'NO-implied'], range: ['#1b9e77', '#d95f02'] } },
          size: { field: 'size', type: 'quantitative' },
        },
      },
    ],
  } as vl.TopLevelSpec);
}

/** An HTML table of rows (numbers to 4 decimals; tiny non-zero ones in exponent form, so they do not read as 0). */
export function htmlTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const num = (v: number) => (Number.isInteger(v) || !Number.isFinite(v) ? String(v) : v !== 0 && Math.abs(v) < 5e-5 ? v.toExponential(1) : v.toFixed(4));
  const cell = (v: unknown) => (typeof v === 'number' ? num(v) : v == null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<table><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${cols.map((c) => `<td>${esc(cell(r[c]))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
