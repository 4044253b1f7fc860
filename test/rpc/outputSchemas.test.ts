import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Comparison, EngineParams, Snapshot, SweepResult } from '../../engine/index.ts';
import type { BacktestReport } from '../../services/backtest.ts';
import type { TuneJsonReport } from '../../services/tune.ts';
import type { walletExplorer } from '../../services/walletExplorer.ts';
import type { IngestCsvReport } from '../../ingest/csv.ts';
import type { PolymarketIngestReport } from '../../ingest/polymarket/ingestPolymarket.ts';
import type { MetricsRow, ReadModels } from '../../store/readModels.ts';
import type { listMarkets, listTrades } from '../../services/dataExport.ts';
import * as S from '../../rpc/schemas.ts';

/**
 * Each output schema against the engine/service type it serialises, both ways: a field added to
 * either side alone, or typed differently, fails `npm run typecheck`. (tRPC strips fields an
 * output schema does not list, so a schema that lags its type would silently drop data.)
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Out<S extends z.ZodType> = z.output<S>;

export const schemaMatchesType = {
  backtestReport: true satisfies Same<Out<typeof S.BacktestReport>, BacktestReport>,
  comparison: true satisfies Same<Out<typeof S.Comparison>, Comparison>,
  preview: true satisfies Same<Out<typeof S.Snapshot>, Omit<Snapshot, 'as_of'> & { as_of: string }>,
  storedSnapshot: true satisfies Same<Out<typeof S.StoredSnapshot>, Omit<Snapshot, 'as_of'> & { as_of: string; run_id: string | null; params_hash: string; snapshot_ts: string }>,
  marketDetail: true satisfies Same<Out<typeof S.MarketDetail>, NonNullable<ReturnType<ReadModels['market']>>>,
  walletPage: true satisfies Same<Out<typeof S.WalletPage>, ReturnType<typeof walletExplorer>>,
  sweepResult: true satisfies Same<Out<typeof S.SweepResult>, SweepResult>,
  tuneReport: true satisfies Same<Out<typeof S.TuneReport>, TuneJsonReport>,
  ingestCsv: true satisfies Same<Out<typeof S.IngestCsvReport>, IngestCsvReport>,
  polymarket: true satisfies Same<Omit<Out<typeof S.PolymarketIngestReport>, 'faults'>, Omit<PolymarketIngestReport, 'faults'>>,
  metrics: true satisfies Same<Out<typeof S.MetricsItem>, MetricsRow>,
  params: true satisfies Same<Out<typeof S.EngineParamsOut>, EngineParams>,
  overrides: true satisfies Same<Out<typeof S.ParamOverrides>, Partial<EngineParams>>,
  dataMarkets: true satisfies Same<Out<typeof S.DataMarketsPage>, ReturnType<typeof listMarkets>>,
  dataTrades: true satisfies Same<Out<typeof S.DataTradesPage>, ReturnType<typeof listTrades>>,
};

describe('output schemas', () => {
  it('parameter overrides keep only the keys given (no defaults filled in)', () => {
    expect(S.ParamOverrides.parse({ halfLifeHours: 3 })).toEqual({ halfLifeHours: 3 });
    expect(S.EngineParamsOut.parse({ halfLifeHours: 3 }).priorStrength).toBe(8);
  });

  it('a run’s counts are JSON, nested or flat', () => {
    expect(S.Run.shape.counts.parse({ inserted: { markets: 1 }, rejected: 0, note: 'x', list: [1, null] })).toEqual({ inserted: { markets: 1 }, rejected: 0, note: 'x', list: [1, null] });
    expect(() => S.Run.shape.counts.parse({ f: () => 1 })).toThrow();
    expectTypeOf(S.Run.shape.counts.parse(null)).toEqualTypeOf<Record<string, S.JsonValue> | null>();
  });
});
