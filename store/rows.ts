/** Row shapes of the core tables, as the store reads and writes them. Instants are epoch ms UTC. */

export type Side = 'YES' | 'NO';
export type Action = 'BUY' | 'SELL';

export interface MarketRow {
  id: string;
  question: string | null;
  end_time: number | null;
  category: string | null;
  liquidity: number | null;
  resolution_source: string | null;
  condition_id?: string | null;
  is_placeholder?: 0 | 1;
  source?: string;
  raw_payload?: string | null;
}

export interface TradeRow {
  external_id: string;
  market_id: string;
  wallet: string;
  ts: number;
  side: Side;
  action: Action;
  /** Price of the named side, strictly inside (0, 1). */
  price: number;
  /** Shares, > 0. */
  size: number;
  aggressiveness?: number | null;
  maker_taker?: string | null;
  source?: string;
  raw_payload?: string | null;
}

export interface OutcomeRow {
  market_id: string;
  resolved_outcome: 0 | 1;
  resolution_time: number;
  inferred?: 0 | 1;
  source?: string;
}
