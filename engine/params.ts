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
    halfLifeHours: z.number().positive().max(24 * 365).default(12).meta({ stage: 'profile' }),
    /** Shrinkage pseudo-count: a profile with n resolved markets keeps n/(n+priorStrength) of its own edge. */
    priorStrength: z.number().min(0).max(10_000).default(8),
    /** Backtest cutoff before a market's end or its resolution, whichever is earlier (whichever is known), hours. */
    cutoffHours: z.number().min(0).max(24 * 365).default(12).meta({ stage: 'pass' }),
    /** Outcomes resolved later than cutoff − purgeHours are unseen by a backtest row's weights, hours. */
    purgeHours: z.number().min(0).max(24 * 365).default(24).meta({ stage: 'pass' }),
    /**
     * 'evidence' aggregator, learned scales: more training rows per resolved market. The walk-forward pass
     * also scores each market this many hours before its cutoff (only trades up to then); those rows join
     * the scales' training history beside the cutoff's row — with the market's own outcome, once it has
     * resolved, like the cutoff's row — but are never scored. More rows per market, less noise in the scales.
     * Off by default: [24] closes 2 points more of the family's gap (docs/signal.md) but scores every market
     * a second time for every parameter set, and the 100-set sweep then missed its bound (68.9 s against 60 s).
     */
    evidenceTrainingLagsHours: z.array(z.number().positive().max(24 * 30)).max(8).default([]).meta({ stage: 'pass' }),
    /** An outcome price at or above this infers a resolution (live ingestion). */
    outcomeThreshold: z.number().gt(0.5).lt(1).default(0.97),
    /** Fewer eligible wallets than this → `smartcrowd_prob` is null. */
    minWallets: z.number().int().min(1).max(1000).default(3),

    /** Prior s.d. of a wallet's true per-fill edge (price units): skill = posterior mean edge, shrunk by n/(n + variance/skillPriorSd²). */
    skillPriorSd: z.number().positive().max(1).default(0.02),
    /** Pseudo-count of fills pulling a wallet's belief toward the price it traded at (belief smoothing). */
    beliefPriorMass: z.number().min(0).max(1000).default(1).meta({ stage: 'profile' }),
    /**
     * How a held position's belief is anchored: 'holder' (seed design) = max(paid, current price) on the
     * held side, then conviction beyond it; 'absorbed' = the view the fills reveal (paid + conviction),
     * raised to the current price on the held side — once the price has moved past that view, the
     * wallet's evidence is absorbed and it no longer pulls.
     */
    beliefAnchor: z.enum(['holder', 'absorbed']).default('absorbed').meta({ stage: 'profile' }),
    /** How far one fill moves a belief beyond the price paid, in log-odds per unit of vote. */
    beliefConviction: z.number().min(0).max(10).default(0.5).meta({ stage: 'profile' }),
    /** Extra vote weight per consecutive same-direction fill (streak), capped by `persistenceBoostMax`. */
    persistenceBoost: z.number().min(0).max(5).default(0.15).meta({ stage: 'profile' }),
    /** Largest multiplier a streak can give a vote. */
    persistenceBoostMax: z.number().min(1).max(10).default(2).meta({ stage: 'profile' }),
    /** Confidence of a wallet that flips direction on every fill, relative to a steady one (0..1). */
    confidencePersistenceFloor: z.number().min(0).max(1).default(0.5),
    /** Confidence of a wallet whose fills net to nothing, relative to one that only buys one side (0..1). */
    confidenceDirectionFloor: z.number().min(0).max(1).default(0.3),
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
    /**
     * How wallets' beliefs combine into SmartCrowd. 'evidence': the market price is the prior with
     * pseudo-weight `pricePseudoWeight`, and each wallet with positive skill shifts it in log-odds,
     * logit SC = logit P + Σ ew·(logit belief − logit P) / (pricePseudoWeight + Σ ew); wallets without
     * positive skill carry zero weight. 'weighted-mean' (the seed design): SC = Σ ew·belief / Σ ew over
     * every wallet, each with at least `minWeight`.
     */
    aggregator: z.enum(['evidence', 'weighted-mean']).default('evidence'),
    /**
     * 'evidence' aggregator: half-life of a fill's evidence, hours. A trusted fill of age a counts
     * 2^(−a/evidenceHalfLifeHours) toward the evidence (see smartcrowd.ts).
     */
    evidenceHalfLifeHours: z.number().positive().max(24 * 365).default(12).meta({ stage: 'profile' }),
    /**
     * 'evidence' aggregator: log-odds beyond its price a fill is taken to claim. A fill is live — its
     * evidence not yet absorbed by the price — while d·(logit p − logit P) + evidenceConviction > 0.
     */
    evidenceConviction: z.number().min(0).max(10).default(4).meta({ stage: 'profile' }),
    /**
     * 'evidence' aggregator: a fill's evidence counts size^evidenceSizePower (shares; 0.5: by the square root of
     * its size, as a wallet's votes do; 0: every fill alike, a 1-share fill as much as a 100k-share one).
     */
    evidenceSizePower: z.number().min(0).max(1).default(0.5).meta({ stage: 'profile' }),
    /**
     * 'evidence' aggregator: the market price's pseudo-weight W0, in typical fills of a trust-1 wallet: W0 =
     * pricePseudoWeight × (the geometric mean, over the wallets that traded the market so far, of each one's mean
     * fill size)^evidenceSizePower — so it does not depend on the market's share units, and one whale barely moves it.
     */
    pricePseudoWeight: z.number().min(0).max(1000).default(3),
    /**
     * Markout horizon, hours: a fill's markout is the move of the price in its direction this long
     * after it (markouts.ts), a skill signal that needs no resolution. 0 turns markouts off.
     */
    markoutHours: z.number().min(0).max(24 * 90).default(12).meta({ stage: 'profile' }),
    /**
     * The price a fill's skill is measured from, for its markout (markouts.ts) and its edge at resolution
     * (direction · (outcome − reference), the outcome score): 'prior', the price the market showed before the
     * wallet's run of consecutive fills in it began (the last fill by another wallet); 'fill', the price the fill
     * paid. A wallet that trades at its own view — a resting order at its price, or paying up to it — pays about
     * its fair value, so measured from its own price it shows no edge; measured from where the market stood, the
     * move toward its view is its skill. On a book, 'fill' favours makers by about half a spread and 'prior'
     * favours takers by about as much; the trust rule's empirical null absorbs what is common to every wallet.
     */
    skillReference: z.enum(['prior', 'fill']).default('prior').meta({ stage: 'profile' }),
    /** Weight of the markout score beside the outcome score in a wallet's skill score (score = z_outcome + markoutSkillWeight · z_markout). */
    markoutSkillWeight: z.number().min(0).max(10).default(2),
    /** Prior variance of a wallet's per-market mean edge against the reference price (skillReference; price units²), for its outcome score. */
    skillVarPrior: z.number().positive().max(1).default(0.1),
    /** Prior variance of a wallet's per-market mean markout (log-odds²), for its markout score. */
    markoutVarPrior: z.number().positive().max(100).default(0.1),
    /** Pseudo-count (markets) with which the prior variances above enter a wallet's score. */
    skillVarPseudo: z.number().min(0).max(1000).default(3),
    /**
     * 'evidence' aggregator: a wallet's trust is its posterior probability of belonging to the skilled
     * group (skillMixture.ts); below this probability it is 0.
     */
    trustMinPosterior: z.number().min(0).max(1).default(0.5),
    /**
     * 'evidence' aggregator: how a skill score becomes trust. 'mixture': the posterior probability of
     * skill (cut at trustMinPosterior); 'threshold': the score standardised against the empirical null,
     * u = (score − μ0)/σ0, and trust = max(0, u − trustThreshold); 'edge': the posterior mean per-fill
     * edge (skillPriorSd), blended local→global by support, trust = max(0, edge)/trustSkillUnit.
     */
    trustRule: z.enum(['mixture', 'threshold', 'edge']).default('threshold'),
    /** 'edge' trust rule: posterior edge per fill (price units) worth a trust weight of 1. */
    trustSkillUnit: z.number().positive().max(1).default(0.02),
    /** 'threshold' trust rule: null standard deviations a wallet's score must exceed to earn any trust. */
    trustThreshold: z.number().min(0).max(10).default(1),
    /**
     * 'evidence' aggregator: learn the two evidence scales walk-forward (SC = σ(logit P + κ_d·D + κ_g·G),
     * fitted on earlier resolved markets by log loss); false uses κ_g = evidenceScale and
     * κ_d = evidenceScale·evidenceConviction (the shift each live fill's bound implies).
     */
    learnEvidenceScale: z.boolean().default(true),
    /** 'evidence' aggregator: the scale when it is not learned. */
    evidenceScale: z.number().min(0).max(50).default(1),
    /** 'evidence' aggregator: largest learned scale. */
    evidenceScaleMax: z.number().positive().max(100).default(20),
    /**
     * 'evidence' aggregator: the learned scales are shrunk toward 0 (the price) by max(0, 1 − evidenceScaleShrink/LR),
     * LR the likelihood-ratio statistic of the evidence against the price alone on the history (≈ χ² with 2 degrees
     * of freedom when the evidence is worthless).
     */
    evidenceScaleShrink: z.number().min(0).max(1000).default(2),
    /**
     * 'evidence' aggregator, learned scales: use only as much of them as has beaten the price out of sample.
     * Each row's scales are multiplied by the λ in {0, ¼, ½, ¾, 1} with the best prequential log loss so far —
     * every earlier resolved market scored with the scales fitted before it (engine/evidenceScale.ts
     * prequentialLevel); λ = 0, the price, until some λ has beaten it. false: always the fitted scales.
     */
    evidenceGate: z.boolean().default(true),
    /**
     * 'evidence' aggregator, learned scales: a third feature, the crowd's belief C (every wallet's belief, trusted
     * or not, weighted by confidence × anti-noise, in log-odds relative to the price), with its own scale κ_c ≥ 0
     * fitted, shrunk and gated with the others. Where the price under-reacts to what the crowd's fills reveal,
     * κ_c > 0; elsewhere it stays at 0.
     */
    evidenceCrowd: z.boolean().default(true),
    /**
     * 'evidence' aggregator, learned scales: a fourth feature, the untrusted flow F — the net direction of the
     * live fills of wallets with no trust (weight 0), each fill counted by r (recency × size^evidenceSizePower)
     * times its wallet's anti-noise, over W0 plus their Σ r — with its own scale κ_f in [−evidenceScaleMax,
     * evidenceScaleMax], fitted, shrunk and gated with the others. κ_f < 0 where the price still carries the
     * temporary impact of uninformed flow (it reverts: SmartCrowd leans against it); κ_f > 0 where that flow
     * still knows something the price has not absorbed; 0 where neither has predicted outcomes. With
     * evidenceGate, a row uses the fit with F only once it has beaten the fit without F out of sample on
     * earlier resolved markets (a fourth scale is mostly noise while the history is short).
     */
    evidenceFlow: z.boolean().default(true),
    /** Lower bound of a trust weight (> 0: every wallet keeps a voice). */
    minWeight: z.number().positive().max(1).default(0.05),
    /** Upper bound of a trust weight. */
    maxWeight: z.number().min(1).max(1000).default(10),
    /** Weight of a wallet with no resolved history (the prior). */
    priorWeight: z.number().positive().max(10).default(0.25),
    /** Minimum resolved markets in a profile for it to be used in the fallback chain. */
    minSupport: z.number().int().min(1).max(1000).default(3),

    /** Wash pattern: fewest fills in one market that can be wash-like. */
    washMinFills: z.number().int().min(2).max(1000).default(3),
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
    /** In-market churn: a wallet's effective weight × (1 − inMarketChurnPenalty × its churn in the market). */
    inMarketChurnPenalty: z.number().min(0).max(1).default(0.25),
    /** Snapshot confidence is multiplied by this at or above integrityRiskThreshold (on top of 1 − risk). */
    highRiskConfidenceFactor: z.number().min(0).max(1).default(0.5),
    /** Multiplier on the effective weight of a fresh whale in a market. */
    freshWhaleDownweight: z.number().min(0).max(1).default(0.5),
    /** A wallet whose first fill in the market is this large (shares) with no resolved history is a "fresh whale". */
    freshWhaleSize: z.number().positive().default(2000),

    /** Horizon bucket edges (hours before the market's end at which a fill happened), ascending. */
    horizonEdgesHours: z
      .array(z.number().positive())
      .min(1)
      .max(10)
      .default([24, 24 * 7, 24 * 30])
      .refine((a) => a.every((v, i) => i === 0 || v > a[i - 1]!), 'horizonEdgesHours must be strictly ascending').meta({ stage: 'profile' }),

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
    /** Backtest: largest k the blend's fit may choose (k multiplies SmartCrowd's log-odds divergence from the price). */
    blendMaxK: z.number().positive().max(50).default(2),
    /** Backtest: what the blend's k minimises on earlier rows: 'brier' (the score reports lead with) or 'log-loss'. */
    blendObjective: z.enum(['brier', 'log-loss']).default('log-loss'),
    /**
     * Backtest: a row's blend uses the fitted k only while, out of sample so far, the fitted k has beaten k = 1
     * (SmartCrowd itself); otherwise k = 1. Each earlier resolved row is scored with the k fitted before it
     * (prequential, as the evidence gate), so a k fitted on a history whose SmartCrowd was scaled differently
     * cannot keep the blend below SmartCrowd. false: always the fitted k.
     */
    blendGate: z.boolean().default(true),
  });

export type EngineParams = z.output<typeof EngineParams>;
export type EngineParamsInput = z.input<typeof EngineParams>;

/** Which stage of the engine a parameter changes: the profile store, the walk-forward pass, or only one set's weights/aggregation. */
export type ParamStage = 'profile' | 'pass' | 'set';

/** The stage of every parameter, read from the schema's metadata (untagged keys are 'set'). */
export const PARAM_STAGES: Readonly<Record<keyof EngineParams, ParamStage>> = Object.freeze(
  Object.fromEntries(
    Object.entries(EngineParams.shape).map(([k, schema]) => [k, ((schema as { meta(): { stage?: ParamStage } | undefined }).meta()?.stage ?? 'set')]),
  ) as Record<keyof EngineParams, ParamStage>,
);

const keysOf = (stages: readonly ParamStage[]) =>
  (Object.keys(PARAM_STAGES) as (keyof EngineParams)[]).filter((k) => stages.includes(PARAM_STAGES[k])).sort();
const PROFILE_KEYS = keysOf(['profile']);
const PASS_KEYS = keysOf(['profile', 'pass']);

/** The parameters a profile store depends on (stage 'profile'); sets that agree on them can share one. */
export function accumulationKey(p: EngineParams): string {
  return JSON.stringify(PROFILE_KEYS.map((k) => p[k]));
}

/** The parameters that must agree for sets to share one walk-forward pass (stages 'profile' and 'pass'). */
export function passKey(p: EngineParams): string {
  return JSON.stringify(PASS_KEYS.map((k) => p[k]));
}

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
