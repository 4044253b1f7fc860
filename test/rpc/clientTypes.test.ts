import { describe, expect, expectTypeOf, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { inferRouterOutputs } from '@trpc/server';
import { createSmartCrowdClient, type AppRouter } from '../../rpc/client.ts';
import type { JsonValue } from '../../rpc/schemas.ts';

/** Never called: `npm run typecheck` proves wrong inputs do not compile. */
export function compileTimeChecks(url: string) {
  const sc = createSmartCrowdClient(url);
  // @ts-expect-error limit must be a number
  void sc.screener.list.query({ limit: 'ten' });
  // @ts-expect-error market_id is required
  void sc.markets.get.query({});
  // @ts-expect-error unknown engine parameter key
  void sc.pipeline.recompute.mutate({ params: { halfLifeHourz: 3 } });
  // @ts-expect-error no such procedure
  void sc.screener.delete.mutate();
  void sc.screener.list.query({ limit: 10, sort: 'confidence' });
}

/** Never called: wrong field accesses on OUTPUTS do not compile either (an `any` or `unknown` bag would let them through). */
export async function outputChecks(url: string) {
  const sc = createSmartCrowdClient(url);
  const d = await sc.markets.get.query({ market_id: 'm1' });
  // @ts-expect-error the explanation has a headline, not a "headlin"
  void d.snapshot?.explanation.headlin;
  // @ts-expect-error a driver's weight is a number
  const w: string = d.snapshot!.top_drivers[0]!.weight;
  // @ts-expect-error outcome is 0 | 1, not a boolean
  const o: boolean | undefined = d.outcome?.resolved_outcome;
  // @ts-expect-error trade stats have n_trades, not count
  void d.trades.count;
  const r = await sc.backtest.run.mutate({});
  // @ts-expect-error calibration bins are per forecaster
  void r.calibration.crowd;
  // @ts-expect-error Murphy's terms: reliability, resolution, uncertainty, brier, residual
  void r.murphy.market.variance;
  const sw = await sc.sweep.run.mutate({ grid: { halfLifeHours: [6, 12] } });
  // @ts-expect-error overrides are engine parameter keys
  void sw.results[0]!.overrides.halfLife;
  const page = await sc.wallets.get.query({ wallet: '0xabc' });
  // @ts-expect-error metrics rows have skill, not skills
  void page.metrics[0]!.skills;
  const fills = await sc.data.trades.query({ wallet: '0xabc' });
  // @ts-expect-error a trade's side is YES | NO
  const side: 'UP' = fills.items[0]!.side;
  void [w, o, side];
  // Right accesses have the precise types.
  expectTypeOf(d.snapshot!.flip_conditions.side).toEqualTypeOf<'above' | 'below' | 'equal' | 'none'>();
  expectTypeOf(d.snapshot!.top_drivers[0]!.level).toEqualTypeOf<'category×horizon' | 'category' | 'horizon' | 'global' | 'prior'>();
  expectTypeOf(r.diff_brier_smartcrowd_minus_market.ci95).toEqualTypeOf<[number, number]>();
  expectTypeOf(sw.results[0]!.overrides.halfLifeHours).toEqualTypeOf<number | undefined>();
}

/**
 * Dotted paths inside T whose type is `any` or `unknown` (JsonValue, a typed JSON tree, is not
 * descended into). `never` means the output is fully typed.
 */
type IsAny<T> = 0 extends 1 & T ? true : false;
type LoosePaths<T, P extends string> = IsAny<T> extends true
  ? P
  : unknown extends T
    ? P
    : [T] extends [JsonValue]
      ? never
      : T extends readonly (infer E)[]
        ? LoosePaths<E, `${P}[]`>
        : T extends object
          ? { [K in keyof T & string]-?: LoosePaths<T[K], `${P}.${K}`> }[keyof T & string]
          : never;
type Outputs = inferRouterOutputs<AppRouter>;
type LooseOutputs = { [R in keyof Outputs & string]: { [Q in keyof Outputs[R] & string]: LoosePaths<Outputs[R][Q], `${R}.${Q}`> }[keyof Outputs[R] & string] }[keyof Outputs & string];
/** Fails to compile, naming the path, if any procedure's output holds an `any` or `unknown`. */
export const everyOutputFullyTyped: [LooseOutputs] extends [never] ? true : LooseOutputs = true;

describe('typed client', () => {
  it('imports the router as a type only, so no server code is loaded at run time', () => {
    const src = readFileSync(join(import.meta.dirname, '../../rpc/client.ts'), 'utf8');
    const valueImports = [...src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(valueImports).toEqual(['@trpc/client']);
    expect(src).toMatch(/import type \{ AppRouter \} from '\.\/router\.ts'/);
  });
});
