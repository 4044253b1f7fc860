import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { BacktestRow as EngineBacktestRow, BacktestSummary as EngineBacktestSummary, Comparison as EngineComparison, EngineParams, Snapshot as EngineSnapshot, SweepResult as EngineSweepResult } from '../../engine/index.ts';
import type { IngestCsvReport as IngestedCsv } from '../../ingest/csv.ts';
import type { FilesReport, PolymarketIngestReport as IngestedPolymarket } from '../../ingest/polymarket/index.ts';
import * as backtest from '../../contracts/backtest.ts';
import * as snapshot from '../../contracts/snapshot.ts';
import * as sweep from '../../contracts/sweep.ts';
import * as ingest from '../../contracts/ingest.ts';
import * as params from '../../contracts/params.ts';
import * as tune from '../../contracts/tune.ts';
import type { TuneReport as EngineTuneReport } from '../../engine/tune.ts';
import { Run } from '../../contracts/runs.ts';
import type { JsonValue } from '../../contracts/json.ts';

/**
 * The engine and the ingesters keep their own result types; each contract (contracts/) that
 * carries one of them takes exactly that type in, checked here at compile time both ways: a field
 * added to either side alone, or typed differently, fails `npm run typecheck` (a contract that
 * lags would silently drop data — zod strips what a schema does not list). Instants go in as
 * epoch ms and come out as ISO 8601 (domain/instant.ts IsoInstant).
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Every value of A is accepted by B, and both name the same fields. */
type Fits<A, B> = [A] extends [B] ? Same<keyof A, keyof B> : false;
type In<S extends z.ZodType> = z.input<S>;

export const contractsTakeTheEngineTypes = {
  backtestSummary: true satisfies Same<In<typeof backtest.BacktestSummary>, EngineBacktestSummary>,
  // The row leaves out the market's resolution instant; the engine's blend is never null, the contract allows it.
  backtestRow: true satisfies Fits<Omit<EngineBacktestRow, 'resolution_ts'>, In<typeof backtest.BacktestRow>>,
  comparison: true satisfies Same<In<typeof backtest.Comparison>, EngineComparison>,
  snapshot: true satisfies Same<In<typeof snapshot.Snapshot>, EngineSnapshot>,
  storedSnapshot: true satisfies Same<In<typeof snapshot.StoredSnapshot>, EngineSnapshot & { run_id: string | null; params_hash: string; snapshot_ts: number }>,
  sweepResult: true satisfies Same<In<typeof sweep.SweepResult>, EngineSweepResult>,
  ingestCsv: true satisfies Same<In<typeof ingest.IngestCsvReport>, IngestedCsv>,
  polymarket: true satisfies Same<In<typeof ingest.PolymarketIngestReport>, IngestedPolymarket>,
  polymarketFiles: true satisfies Same<In<typeof ingest.PolymarketFilesReport>, FilesReport>,
  tuneReport: true satisfies Same<In<typeof tune.TuneReport>, EngineTuneReport & { run_id: string; grid: tune.TuneGrid; base: Partial<EngineParams> }>,
  params: true satisfies Same<In<typeof params.EngineParamsOut>, EngineParams>,
  overrides: true satisfies Same<In<typeof params.ParamOverrides>, Partial<EngineParams>>,
};

describe('contracts', () => {
  it('parameter overrides keep only the keys given (no defaults filled in); a report names every parameter; absent parameters are the defaults', () => {
    expect(params.ParamOverrides.parse({ halfLifeHours: 3 })).toEqual({ halfLifeHours: 3 });
    expect(params.EngineParamsOut.parse(params.defaultParams)).toEqual(params.defaultParams);
    expect(() => params.EngineParamsOut.parse({ halfLifeHours: 3 })).toThrow(/priorStrength/);
    expect(params.ParamsInput.parse(undefined)).toEqual(params.defaultParams);
  });

  it('a run’s counts are JSON, nested or flat', () => {
    expect(Run.shape.counts.parse({ inserted: { markets: 1 }, rejected: 0, note: 'x', list: [1, null] })).toEqual({ inserted: { markets: 1 }, rejected: 0, note: 'x', list: [1, null] });
    expect(() => Run.shape.counts.parse({ f: () => 1 })).toThrow();
    expectTypeOf(Run.shape.counts.parse(null)).toEqualTypeOf<Record<string, JsonValue> | null>();
  });

  it('instants go in as epoch ms and come out as ISO 8601, and read back exactly', () => {
    const row = { market_id: 'm', cutoff_ts: Date.UTC(2025, 2, 1, 12), outcome: 1 as const, market_prob: 0.4, smartcrowd_prob: null, blend_prob: 0.4, confidence: 0, integrity_risk: 0, n_wallets: 0, category: 'x', divergence: null, blend_k: 0, evidence_direction: null, evidence_price_gap: null, evidence_crowd: null, evidence_flow: null, evidence_scales: null };
    const json = backtest.BacktestRow.parse(row);
    expect(json.cutoff_ts).toBe('2025-03-01T12:00:00.000Z');
    expectTypeOf(json.cutoff_ts).toEqualTypeOf<string>();
    expect(backtest.BacktestRow.encode(json)).toEqual(row);
  });
});
