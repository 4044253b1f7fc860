import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../../engine/params.ts';
import { MarketsRepo } from '../../store/marketsRepo.ts';
import { OutcomesRepo } from '../../store/outcomesRepo.ts';
import { TradesRepo } from '../../store/tradesRepo.ts';
import { GammaMarket, DataTrade } from './schemas.ts';
import { mapMarket, mapOutcome, mapTrade, MappingError, type MarketTokens } from './mapping.ts';

export interface FilesReport {
  markets: { read: number; inserted: number; updated: number };
  outcomes: { inserted: number };
  trades: { read: number; inserted: number; duplicates: number };
  skipped: { file: string; index: number; reason: string }[];
}

/**
 * Loads recorded Polymarket API responses (JSON arrays: Gamma `/markets` pages and Data API
 * `/trades` pages, e.g. `datasets/polymarket/`) with the same parsing and mapping as the live
 * ingester. Markets first, so trades can be told YES from NO by their token ids. One transaction.
 */
export function ingestPolymarketFiles(db: Database, files: { markets?: string[]; trades?: string[] }, params: EngineParams, now: () => number = Date.now): FilesReport {
  const rep: FilesReport = { markets: { read: 0, inserted: 0, updated: 0 }, outcomes: { inserted: 0 }, trades: { read: 0, inserted: 0, duplicates: 0 }, skipped: [] };
  const readArray = (file: string): unknown[] => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(v)) throw new MappingError(`${file} is not a JSON array of API items`);
    return v;
  };
  const tokens = new Map<string, MarketTokens>();
  const markets = new MarketsRepo(db);
  const outcomes = new OutcomesRepo(db);
  const trades = new TradesRepo(db);
  db.transaction(() => {
    for (const file of files.markets ?? []) {
      readArray(file).forEach((raw, index) => {
        const p = GammaMarket.safeParse(raw);
        if (!p.success) return void rep.skipped.push({ file, index, reason: p.error.issues[0]?.message ?? 'invalid market' });
        rep.markets.read++;
        tokens.set(p.data.conditionId.toLowerCase(), { tokenIds: p.data.clobTokenIds ?? [], outcomes: p.data.outcomes ?? [] });
        const w = markets.upsert(mapMarket(p.data, raw), now());
        if (w === 'inserted') rep.markets.inserted++;
        else if (w === 'updated') rep.markets.updated++;
        const o = mapOutcome(p.data, params.outcomeThreshold);
        if (o && outcomes.upsert(o) === 'inserted') rep.outcomes.inserted++;
      });
    }
    for (const file of files.trades ?? []) {
      readArray(file).forEach((raw, index) => {
        const p = DataTrade.safeParse(raw);
        if (!p.success) return void rep.skipped.push({ file, index, reason: p.error.issues[0]?.message ?? 'invalid trade' });
        rep.trades.read++;
        try {
          const row = mapTrade(p.data, tokens.get(p.data.conditionId.toLowerCase()));
          markets.ensurePlaceholder(row.market_id, 'polymarket', now());
          if (trades.insert(row)) rep.trades.inserted++;
          else rep.trades.duplicates++;
        } catch (err) {
          if (!(err instanceof MappingError)) throw err;
          rep.skipped.push({ file, index, reason: err.message });
        }
      });
    }
  })();
  return rep;
}
