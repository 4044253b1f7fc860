import type { MarketRow, OutcomeRow, TradeRow } from './worldTypes.ts';

/** Header lines of the three files (CONTRACTS.md §1 column names). */
export const MARKETS_HEADER = 'id,question,end_time,category,liquidity,resolution_source\n';
export const TRADES_HEADER = 'market_id,wallet,ts,side,action,price,size,external_id\n';
export const OUTCOMES_HEADER = 'market_id,resolved_outcome,resolution_time\n';

/** An epoch-ms instant as ISO 8601 UTC, without milliseconds when they are zero ("2025-03-01T12:00:00Z"). */
export function isoUtc(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** One CSV field, RFC 4180-quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function marketLine(m: MarketRow): string {
  return `${csvField(m.id)},${csvField(m.question)},${isoUtc(m.end_time)},${csvField(m.category)},${m.liquidity},${csvField(m.resolution_source)}\n`;
}

export function tradeLine(t: TradeRow): string {
  return `${t.market_id},${t.wallet},${isoUtc(t.ts)},${t.side},${t.action},${t.price},${t.size},${t.external_id}\n`;
}

export function outcomeLine(o: OutcomeRow): string {
  return `${o.market_id},${o.resolved_outcome},${isoUtc(o.resolution_time)}\n`;
}
