import { z } from 'zod';
import { stableStringify, sha256Hex } from './hash.ts';

/**
 * Every tunable of the engine, with its default and meaning. Parsed once at the edge
 * (CLI `--params FILE`, RPC `params` inputs) and passed explicitly; unknown keys are an error.
 * Times are hours unless the name says otherwise; probabilities are in [0, 1].
 */
export const EngineParams = z
  .strictObject({
    /** Recency half-life of a wallet's fills in its belief, hours. A fill this old counts half. */
    halfLifeHours: z.number().positive().max(24 * 365).default(12),
    /** Shrinkage pseudo-count: a profile with n resolved markets keeps n/(n+priorStrength) of its own edge. */
    priorStrength: z.number().min(0).max(10_000).default(8),
    /** Backtest cutoff before a market's end (its resolution where no end is known), hours. */
    cutoffHours: z.number().min(0).max(24 * 365).default(12),
    /** Outcomes resolved later than cutoff − purgeHours are unseen by a backtest row's weights, hours. */
    purgeHours: z.number().min(0).max(24 * 365).default(24),
    /** An outcome price at or above this infers a resolution (live ingestion). */
    outcomeThreshold: z.number().gt(0.5).lt(1).default(0.97),
    /** Fewer eligible wallets than this → `smartcrowd_prob` is null. */
    minWallets: z.number().int().min(1).max(1000).default(3),

    /** Prior s.d. of a wallet's true per-fill edge (price units): skill = posterior mean edge, shrunk by n/(n + variance/skillPriorSd²). */
    skillPriorSd: z.number().positive().max(1).default(0.02),
    /** Pseudo-count of fills pulling a wallet's belief toward the price it traded at (belief smoothing). */
    beliefPriorMass: z.number().min(0).max(1000).default(1),
    /** How far one fill moves a belief beyond the price paid, in log-odds per unit of vote. */
    beliefConviction: z.number().min(0).max(10).default(0.5),
    /** Extra vote weight per consecutive same-direction fill (streak), capped by `persistenceBoostMax`. */
    persistenceBoost: z.number().min(0).max(5).default(0.15),
    /** Largest multiplier a streak can give a vote. */
    persistenceBoostMax: z.number().min(1).max(10).default(2),
    /** Signal mass (sum of sqrt(size) × recency) at which a belief's confidence reaches half. */
    confidenceHalfMass: z.number().positive().max(1e6).default(20),

    /** Strength of the churn penalty on trust: weight × (1 − churnPenalty × churn). */
    churnPenalty: z.number().min(0).max(1).default(0.5),
    /** Strength of the persistence boost on trust: weight × (1 + persistenceWeight × (persistence − 0.5)). */
    persistenceWeight: z.number().min(0).max(2).default(0.2),
    /** Strength of the calibration penalty on trust: weight × exp(−calibrationPenalty × calibration_error). */
    calibrationPenalty: z.number().min(0).max(50).default(1),
    /** Strength of the specialization boost on trust: weight × (1 + specializationWeight × specialization). */
    specializationWeight: z.number().min(0).max(2).default(0.2),
    /** Converts blended skill (posterior edge, price units) into trust: base = priorWeight × exp(edgeScale × skill). */
    edgeScale: z.number().min(0).max(500).default(40),
    /** Lower bound of a trust weight (> 0: every wallet keeps a voice). */
    minWeight: z.number().positive().max(1).default(0.05),
    /** Upper bound of a trust weight. */
    maxWeight: z.number().min(1).max(1000).default(10),
    /** Weight of a wallet with no resolved history (the prior). */
    priorWeight: z.number().positive().max(10).default(0.25),
    /** Minimum resolved markets in a profile for it to be used in the fallback chain. */
    minSupport: z.number().int().min(1).max(1000).default(3),

    /** Wash pattern: fills-per-net-share ratio at or above which a wallet's vote is treated as wash-like. */
    washTurnoverRatio: z.number().min(1).max(1000).default(4),
    /** |net direction| at or below which many offsetting fills count as wash-like. */
    washNetDirectionMax: z.number().min(0).max(1).default(0.2),
    /** Multiplier on the effective weight of a wash-like wallet in a market. */
    washDownweight: z.number().min(0).max(1).default(0.1),
    /** Herfindahl of effective weights above which the concentration penalty applies. */
    concentrationThreshold: z.number().min(0).max(1).default(0.35),
    /** Integrity risk at or above which a snapshot's confidence is suppressed hard and alerts fire. */
    integrityRiskThreshold: z.number().min(0).max(1).default(0.6),
    /** Effective N below which the low-wallet-count haircut applies to confidence. */
    lowWalletCount: z.number().min(1).max(1000).default(5),
    /** A wallet whose first fill in the market is this large (shares) with no resolved history is a "fresh whale". */
    freshWhaleSize: z.number().positive().default(2000),

    /** Horizon bucket edges (hours before the market's end at which a fill happened), ascending. */
    horizonEdgesHours: z
      .array(z.number().positive())
      .min(1)
      .max(10)
      .default([24, 24 * 7, 24 * 30])
      .refine((a) => a.every((v, i) => i === 0 || v > a[i - 1]!), 'horizonEdgesHours must be strictly ascending'),

    /** Pipeline: markets resolved or ended at most this many hours before the as-of time still get a snapshot. */
    recentClosedHours: z.number().min(0).max(24 * 365).default(72),

    /** Alerts: minimum |SmartCrowd − market| for a divergence alert. */
    alertDivergence: z.number().min(0).max(1).default(0.1),
    /** Alerts: minimum snapshot confidence for a divergence alert. */
    alertMinConfidence: z.number().min(0).max(1).default(0.3),

    /** Backtest: forecasts are clipped to [eps, 1−eps] for log loss and logit, probability. */
    probEps: z.number().positive().max(0.01).default(1e-4),
    /** Backtest: bootstrap resamples for the paired Brier CI. */
    bootstrapSamples: z.number().int().min(100).max(100_000).default(2000),
    /** Backtest: seed of the bootstrap's generator (deterministic reports). */
    bootstrapSeed: z.number().int().min(0).max(2 ** 31 - 1).default(20250301),
    /** Backtest: number of calibration bins. */
    calibrationBins: z.number().int().min(2).max(50).default(10),
    /** Backtest: markets earlier than the current one needed before the blend's k is fitted (k = 0 until then). */
    blendMinHistory: z.number().int().min(1).max(10_000).default(30),
  });

export type EngineParams = z.output<typeof EngineParams>;
export type EngineParamsInput = z.input<typeof EngineParams>;

/** The defaults, fully populated. */
export const defaultParams: EngineParams = Object.freeze(EngineParams.parse({})) as EngineParams;

/** Raised for an invalid parameter object; `issues` name each failing key. */
export class InvalidParamsError extends Error {
  override readonly name = 'InvalidParamsError';
  readonly code = 'SC_INVALID_PARAMS';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid engine parameters: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/**
 * Parses an override object (possibly undefined) into full parameters.
 * @throws InvalidParamsError on a wrong type, an out-of-range value or an unknown key.
 */
export function parseParams(overrides: unknown = {}): EngineParams {
  const r = EngineParams.safeParse(overrides ?? {});
  if (!r.success) {
    throw new InvalidParamsError(
      r.error.issues.map((i) => ({
        path: i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys.join(',') : i.path.join('.'),
        message: i.message,
      })),
    );
  }
  return r.data;
}

/** A stable 16-hex-digit hash of a full parameter set: key order does not matter. */
export function paramsHash(params: EngineParams): string {
  return sha256Hex(stableStringify(params)).slice(0, 16);
}
