/**
 * Public shapes of a generated world. Rows use the store's conventions (instants as epoch ms
 * UTC, prices of the named side, sizes in shares) and are accepted as they are by the engine's
 * TapeBuilder; the truth is JSON-ready (instants as ISO 8601 strings) and is what `truth.json` holds.
 */

/** The behaviour a wallet was generated with. */
export type WalletKind = 'skilled' | 'noise' | 'momentum' | 'longshot' | 'wash' | 'whale';

export const WALLET_KINDS: readonly WalletKind[] = ['skilled', 'noise', 'momentum', 'longshot', 'wash', 'whale'];

/** A `markets.csv` row. */
export interface MarketRow {
  id: string;
  question: string;
  /** Scheduled end, epoch ms UTC. */
  end_time: number;
  category: string;
  /** Order-book depth proxy, USD. */
  liquidity: number;
  resolution_source: string;
}

/** A `trades.csv` row, from the trading wallet's point of view. */
export interface TradeRow {
  /** `syn-<seed>-<n>`, n counting fills in generation order from 1. */
  external_id: string;
  market_id: string;
  /** Lower-case 0x address. */
  wallet: string;
  /** Fill instant, epoch ms UTC, whole seconds. */
  ts: number;
  side: 'YES' | 'NO';
  action: 'BUY' | 'SELL';
  /** Price of the named side, 4 decimals, strictly inside (0, 1). */
  price: number;
  /** Shares, 2 decimals, > 0. */
  size: number;
}

/** An `outcomes.csv` row (resolved markets only). */
export interface OutcomeRow {
  market_id: string;
  resolved_outcome: 0 | 1;
  /** epoch ms UTC */
  resolution_time: number;
}

/** The world's state at one instant of a market's life (null where the instant is outside it). */
export interface MarketCheckpoint {
  /** ISO 8601. */
  time: string;
  /** The informed probability p_t (calibrated posterior of all information released so far). */
  informed_prob: number;
  /** The market's mid price (YES) at that instant. */
  market_mid: number;
  /** YES-equivalent price of the last fill at or before the instant (what the engine calls Market Prob); null if none. */
  last_fill_yes_price: number | null;
}

export interface WhaleTruth {
  wallet: string;
  /** The side the whale bought: always the side that loses. */
  side: 'YES' | 'NO';
  /** First whale fill, ISO 8601. */
  entry_time: string;
  /** Total log-odds push toward the wrong side at entry, before decay. */
  push_logit: number;
  /** Half-life of the push, hours. */
  push_half_life_hours: number;
  n_fills: number;
  /** Shares bought in total. */
  total_size: number;
}

export interface MarketTruth {
  category: string;
  /** 'resolved': has an outcomes.csv row; 'open': ends after `now` (no outcome row; `outcome` is the hidden truth). */
  status: 'resolved' | 'open';
  outcome: 0 | 1;
  open_time: string;
  /** End of trading (the event's instant for a market that resolves early), ISO 8601. */
  end_time: string;
  /** Only for a market that resolves early: the end date it was listed with (markets.csv), ISO 8601. */
  scheduled_end_time?: string;
  /** Planned resolution (in the future for open markets), ISO 8601. */
  resolution_time: string;
  /** The market's prior YES probability at creation (the outcome is a draw from it). */
  prior: number;
  /** Total information by the end (signal precision, see README). */
  info_total: number;
  /** Hours before the end at which half of the information has arrived. */
  info_half_life_hours: number;
  /** EMA time constant of the market's consensus behind p_t, hours. */
  lag_hours: number;
  /** Quoted bid–ask spread, probability units. */
  spread: number;
  checkpoints: {
    open: MarketCheckpoint | null;
    end_minus_72h: MarketCheckpoint | null;
    end_minus_24h: MarketCheckpoint | null;
    end_minus_12h: MarketCheckpoint | null;
    /**
     * Only for a market that resolves early: 12 h before its resolution, the backtest's default
     * cutoff for it (the earlier of end and resolution, minus 12 h).
     */
    resolution_minus_12h?: MarketCheckpoint | null;
    /** Just before the end, or at `now` for an open market. */
    last: MarketCheckpoint | null;
  };
  whale: WhaleTruth | null;
  /** Indexes into `wash_rings` of the rings that traded here. */
  wash_rings: number[];
  n_trades: number;
  n_wallets: number;
  trades_by_kind: Record<WalletKind, number>;
}

export interface WalletTruth {
  kind: WalletKind;
  /** Skilled specialists only: the categories they trade in. */
  categories?: string[];
  /** Wash-ring members only: index into `wash_rings`. */
  ring?: number;
  n_trades: number;
  n_markets: number;
  /** Σ size, shares. */
  volume: number;
}

/** Sanity statistics of the world, computed from the truth (see README "Diagnostics"). */
export interface WorldDiagnostics {
  /** Resolved markets with a fill before end − 12 h. */
  n_scored: number;
  /** Mean Brier of the last fill price at end − 12 h, and of p_t there (the best any forecaster could do). */
  brier_market_at_cutoff: number;
  brier_informed_at_cutoff: number;
  /** Same, split by whale-pushed vs other markets. */
  brier_market_at_cutoff_whale: number | null;
  brier_informed_at_cutoff_whale: number | null;
  brier_market_at_cutoff_other: number | null;
  brier_informed_at_cutoff_other: number | null;
  /** Mean per-fill edge by kind: direction × (outcome − YES-equivalent price), resolved markets. */
  mean_edge_by_kind: Record<WalletKind, number | null>;
  /** Share of fills by kind. */
  fill_share_by_kind: Record<WalletKind, number>;
}

export interface WashRingTruth {
  wallets: string[];
  markets: string[];
}

export interface WorldTruth {
  generator: 'smartcrowd-synthetic-world';
  version: 1;
  seed: number;
  /** The resolved options the world was generated with. */
  options: Record<string, unknown>;
  base_time: string;
  /** Markets ending after this are open; no fill is later than it. */
  now: string;
  counts: { markets: number; resolved: number; open: number; wallets: number; trades: number; wallets_by_kind: Record<WalletKind, number> };
  wallets: Record<string, WalletTruth>;
  markets: Record<string, MarketTruth>;
  /** Ids of the markets a fresh whale pushed toward the wrong side. */
  whale_markets: string[];
  wash_rings: WashRingTruth[];
  diagnostics: WorldDiagnostics;
}

/** A whole world in memory. */
export interface World {
  /** epoch ms UTC */
  baseTime: number;
  /** epoch ms UTC: the world's present; markets ending later are open. */
  now: number;
  markets: MarketRow[];
  /** Fills grouped by market, time-ordered within a market. */
  trades: TradeRow[];
  outcomes: OutcomeRow[];
  truth: WorldTruth;
}
