/**
 * Shapes the engine returns. Probabilities are YES probabilities in [0, 1]; instants are epoch
 * ms UTC; sizes are shares. JSON-serialisable (no typed arrays, no Maps) so snapshots can be
 * stored, hashed and sent over RPC as they are.
 */

/** Which profile a trust weight came from, most specific first. */
export type ProfileLevel = 'category×horizon' | 'category' | 'horizon' | 'global' | 'prior';

/** A trust-weight lookup with its fallback chain recorded. */
export interface WeightLookup {
  /** Bounded positive trust weight. */
  weight: number;
  /** 0 (certain) .. 1 (no information). */
  uncertainty: number;
  /** The level whose profile was used. */
  level: ProfileLevel;
  /** Resolved markets behind the used profile. */
  n_resolved: number;
  /** Every level tried, in order, with its support and whether it was used. */
  chain: { level: ProfileLevel; n_resolved: number; used: boolean }[];
  /** 'evidence' trust: the wallet's skill score (outcome and markout t-statistics combined); 0 for the seed formula. */
  skill_score: number;
  /** 'evidence' trust: posterior probability that the wallet is in the skilled group; 0 for the seed formula. */
  skill_posterior: number;
  /** (wallet, market) clusters with a known markout behind the score. */
  markout_support: number;
}

/** What one wallet's fills in one market say, as of a time. */
export interface WalletBelief {
  /** YES probability the wallet acts as if it holds, accounting for the prices it paid. */
  belief: number;
  /** 0..1, from signal mass, support and churn. */
  confidence: number;
  /** Fraction of consecutive fills that flip YES-implied direction, 0..1. */
  churn: number;
  /** 1 − churn. */
  persistence: number;
  /** Mean shares per fill. */
  avg_size: number;
  /** (YES-implied shares − NO-implied shares) / total shares, −1..1. */
  net_direction: number;
  /** Number of fills. */
  n_fills: number;
  /** Σ sqrt(size) × streak boost × 2^(−age/halfLife), age measured to the as-of time. */
  mass: number;
  /** First and last fill, epoch ms. */
  first_ts: number;
  last_ts: number;
}

export interface Driver {
  wallet: string;
  belief: number;
  confidence: number;
  /** Trust weight from the profile chain. */
  weight: number;
  /** Integrity multiplier applied (1 = none). */
  anti_noise: number;
  /** 'weighted-mean': weight × confidence × anti_noise; 'evidence': weight × anti_noise × Σ r over its fills (recency × size^evidenceSizePower). */
  effective_weight: number;
  /** Share of Σ effective weight, 0..1. */
  share: number;
  /** How far this wallet moves SmartCrowd, probability: effective_weight × (belief − smartcrowd) / Σ ew ('weighted-mean'); SmartCrowd minus SmartCrowd without its part of the log-odds shift ('evidence'). */
  pull: number;
  level: ProfileLevel;
  n_resolved: number;
  /** 'evidence' trust: posterior probability that the wallet is in the skilled group (0 for the seed formula). */
  skill_posterior: number;
  flags: string[];
}

export interface CohortSummary {
  /** e.g. 'trusted', 'untrusted', 'fresh', 'wash-like' ('evidence'); 'trusted', 'neutral', 'distrusted', 'fresh', 'wash-like' ('weighted-mean'); 'market price' for the price's own pseudo-weight. */
  cohort: string;
  n_wallets: number;
  /** Share of Σ effective weight. */
  weight_share: number;
  /** Effective-weighted mean belief of the cohort (null if weightless). */
  mean_belief: number | null;
}

export interface FlipConditions {
  /** Which side of the market price SmartCrowd is on. */
  side: 'above' | 'below' | 'equal' | 'none';
  /** Effective weight (in units of the current total wallet weight) of new flow at the opposite extreme that would bring SmartCrowd back to the market price. */
  opposing_weight_to_flip: number | null;
  /** Top drivers whose removal alone puts SmartCrowd on the other side of the market price. */
  pivotal_wallets: string[];
  /** A sentence a person can read. */
  summary: string;
}

/** The numbers of a snapshot without its explanation: what a backtest row needs. */
export interface SnapshotCore {
  /** Last YES-equivalent trade price at or before as_of (null if none). */
  market_prob: number | null;
  /** 'evidence': σ(logit P + κ·Δ); 'weighted-mean': Σ ew·belief / Σ ew. Null when fewer than minWallets wallets traded (or, for 'evidence', without a price). */
  smartcrowd_prob: number | null;
  /** smartcrowd_prob − market_prob (null if either is). */
  divergence: number | null;
  /** Effective-weighted standard deviation of beliefs. */
  disagreement: number;
  /** 1 / Herfindahl of effective-weight shares. */
  effective_n: number;
  /** 0..1: concentration, wash-like flow and fresh-whale pressure. */
  integrity_risk: number;
  /** 0..1: support × agreement × participation × integrity. */
  confidence: number;
  /** Wallets with fills at or before as_of in this market. */
  n_wallets: number;
  /** 'evidence' aggregator: D, the direction of trusted live flow (−1..1 scale, see computeSnapshot); null for 'weighted-mean' or without a price. */
  evidence_direction: number | null;
  /** 'evidence' aggregator: G, where trusted live flow traded relative to the price, log-odds; null as above. */
  evidence_price_gap: number | null;
  /**
   * 'evidence' aggregator: C, the crowd's belief relative to the price, log-odds — the confidence ×
   * anti-noise weighted mean belief of every wallet, trusted or not (0 unless evidenceCrowd); null as above.
   */
  evidence_crowd: number | null;
  /**
   * 'evidence' aggregator: F, the untrusted flow — the net direction of the live fills of wallets with no
   * trust, each counted by recency × size^evidenceSizePower × anti-noise, over the price's weight plus
   * their total (−1..1; 0 unless evidenceFlow); null as above.
   */
  evidence_flow: number | null;
  /** 'evidence' aggregator: κ_d·D + κ_g·G + κ_c·C + κ_f·F, the log-odds shift SmartCrowd applies to the price; null as above. */
  evidence_shift: number | null;
  /** 'evidence' aggregator: [κ_d, κ_g, κ_c, κ_f], the scales learned walk-forward; null for 'weighted-mean'. */
  evidence_scales: EvidenceScales | null;
}

/** The evidence scales [κ_d, κ_g, κ_c, κ_f] of direction D, price gap G, crowd C and untrusted flow F (κ_f may be negative). */
export type EvidenceScales = [number, number, number, number];

export interface Snapshot extends SnapshotCore {
  market_id: string;
  /** The instant the snapshot is as of. */
  as_of: number;
  top_drivers: Driver[];
  cohort_summary: CohortSummary[];
  flip_conditions: FlipConditions;
  /** Structured explanation: why the number is what it is. */
  explanation: Explanation;
}

export interface Explanation {
  headline: string;
  reasons: string[];
  components: Record<string, number | string | null>;
  integrity: { concentration: number; wash_share: number; fresh_whale_share: number; flags: string[] };
}
