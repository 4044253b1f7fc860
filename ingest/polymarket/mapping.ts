import { sha256Hex } from '../../engine/hash.ts';
import type { MarketRow, OutcomeRow, TradeRow } from '../../store/rows.ts';
import type { DataTrade, GammaMarket } from './schemas.ts';

/** Why an item was skipped, for the fault counters. */
export class MappingError extends Error {
  override readonly name = 'MappingError';
  readonly code = 'SC_PM_MAPPING';
}

/** Index of the YES outcome: the label "Yes" where present, else the first outcome (binary markets with other labels). */
export function yesIndex(outcomes: readonly string[] | null | undefined): number {
  const i = (outcomes ?? []).findIndex((o) => o.trim().toLowerCase() === 'yes');
  return i >= 0 ? i : 0;
}

/** Gamma's time formats → epoch ms: ISO (`2024-11-05T12:00:00Z`) or `closedTime` (`2024-11-06 15:17:41+00`). */
export function parseGammaTime(v: string | null | undefined): number | null {
  if (!v) return null;
  let s = v.trim().replace(' ', 'T');
  if (/[+-]\d{2}$/.test(s)) s += ':00';
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * A Gamma market as a `markets` row. The id is the market's `conditionId` (lower-cased), the key
 * trades carry; Gamma's own id, slug and token ids stay in `raw_payload`.
 */
export function mapMarket(m: GammaMarket, raw: unknown): MarketRow {
  const category = m.category ?? m.tags?.[0]?.label ?? m.events?.[0]?.category ?? m.events?.[0]?.tags?.[0]?.label ?? null;
  return {
    id: m.conditionId.toLowerCase(),
    question: m.question ?? null,
    end_time: parseGammaTime(m.endDate),
    category: category || null,
    liquidity: m.liquidityNum ?? (typeof m.liquidity === 'number' ? m.liquidity : null),
    resolution_source: m.resolutionSource || null,
    condition_id: m.conditionId.toLowerCase(),
    source: 'polymarket',
    raw_payload: JSON.stringify(raw),
  };
}

/**
 * The resolution of a closed binary market, or null when it has none yet:
 * - authoritative (inferred 0): `closed`, `umaResolutionStatus: "resolved"` and prices exactly 1/0;
 * - inferred (inferred 1): `closed`, no proposed/disputed status, and an outcome price ≥ `threshold`;
 * - void 0.5/0.5, unresolved, proposed or disputed markets: null (skipped).
 * Resolution time: `closedTime`, else `umaEndDate`, else `endDate`.
 */
export function mapOutcome(m: GammaMarket, threshold: number): OutcomeRow | null {
  if (!m.closed) return null;
  const prices = (m.outcomePrices ?? []).map(Number);
  if (prices.length !== 2 || prices.some((p) => !Number.isFinite(p))) return null;
  const status = (m.umaResolutionStatus ?? '').toLowerCase();
  if (status === 'proposed' || status === 'disputed') return null;
  const y = yesIndex(m.outcomes);
  const pYes = prices[y]!;
  const pNo = prices[1 - y]!;
  const when = parseGammaTime(m.closedTime) ?? parseGammaTime(m.umaEndDate) ?? parseGammaTime(m.endDate);
  if (when === null) return null;
  const exact = (pYes === 1 && pNo === 0) || (pYes === 0 && pNo === 1);
  if (status === 'resolved' && exact) return { market_id: m.conditionId.toLowerCase(), resolved_outcome: pYes === 1 ? 1 : 0, resolution_time: when, inferred: 0, source: 'polymarket' };
  if (pYes >= threshold || pNo >= threshold) {
    return { market_id: m.conditionId.toLowerCase(), resolved_outcome: pYes >= threshold ? 1 : 0, resolution_time: when, inferred: 1, source: 'polymarket' };
  }
  return null;
}

/** What a trade needs to know about its market to tell YES from NO. */
export interface MarketTokens {
  tokenIds: readonly string[];
  outcomes: readonly string[];
}

const PROFILE_FIELDS = ['name', 'pseudonym', 'bio', 'profileImage', 'profileImageOptimized', 'icon'];

/**
 * A Data API trade as a `trades` row. YES/NO comes from the traded `asset`'s position among the
 * market's `clobTokenIds` (its outcome label at that position), else `outcomeIndex` 0/1 (999 is
 * ignored), else the `outcome` label. Wallet lower-cased; `timestamp` seconds → ms; `side`
 * BUY/SELL is the action; the id hashes (transactionHash, asset, proxyWallet, side, size, price,
 * timestamp) — a transaction hash alone is not unique per row. Public profile fields are dropped
 * from the stored raw payload.
 * @throws MappingError when the side cannot be determined or price/size are out of range.
 */
export function mapTrade(t: DataTrade, market: MarketTokens | undefined): TradeRow {
  const y = yesIndex(market?.outcomes);
  let idx = -1;
  if (t.asset && market?.tokenIds.length) idx = market.tokenIds.indexOf(t.asset);
  if (idx < 0 && (t.outcomeIndex === 0 || t.outcomeIndex === 1)) idx = t.outcomeIndex;
  let side: 'YES' | 'NO' | null = idx >= 0 ? (idx === y ? 'YES' : 'NO') : null;
  if (side === null && t.outcome) {
    const label = t.outcome.trim().toLowerCase();
    const at = (market?.outcomes ?? []).findIndex((o) => o.trim().toLowerCase() === label);
    if (at >= 0) side = at === y ? 'YES' : 'NO';
    else if (label === 'yes') side = 'YES';
    else if (label === 'no') side = 'NO';
  }
  if (side === null) throw new MappingError(`cannot tell YES from NO for trade ${t.transactionHash ?? '?'} (asset ${t.asset ?? '?'}, outcome ${t.outcome ?? '?'})`);
  const price = Number(t.price);
  const size = Number(t.size);
  if (!(price > 0 && price < 1)) throw new MappingError(`price ${t.price} is not strictly between 0 and 1`);
  if (!(size > 0)) throw new MappingError(`size ${t.size} is not positive`);
  const ts = Math.round(Number(t.timestamp) * 1000);
  if (!Number.isFinite(ts) || ts <= 0) throw new MappingError(`timestamp ${t.timestamp} is not an epoch second`);
  const wallet = t.proxyWallet.toLowerCase();
  const id = sha256Hex([t.transactionHash ?? '', t.asset ?? '', wallet, t.side, String(size), String(price), String(t.timestamp)].join('|')).slice(0, 32);
  const raw: Record<string, unknown> = { ...t };
  for (const f of PROFILE_FIELDS) delete raw[f];
  return {
    external_id: `pm-${id}`,
    market_id: t.conditionId.toLowerCase(),
    wallet,
    ts,
    side,
    action: t.side,
    price,
    size,
    source: 'polymarket',
    raw_payload: JSON.stringify(raw),
  };
}
