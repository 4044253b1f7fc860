import { sha256Hex } from '../../engine/hash.ts';
import type { MarketRow, OutcomeRow, TradeRow } from '../../store/rows.ts';
import type { DataTrade, GammaMarket, GammaTag, V2Resolution } from './schemas.ts';
import { categoryFromTags, categoryOfTag, UNCATEGORIZED } from './categoryFromTags.ts';

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

/** The raw_payload key under which the market's event tags (as looked up on Gamma `/events`) are kept. */
export const EVENT_TAGS_KEY = 'smartcrowd_event_tags';

/**
 * A Gamma market as a `markets` row. The id is the market's `conditionId` (lower-cased), the key
 * trades carry; Gamma's own id, slug and token ids stay in `raw_payload`.
 *
 * Category: from `eventTags` (the tags of the market's events, looked up on Gamma `/events`) mapped
 * to the fixed set in categoryFromTags.ts; else from tags embedded in the market or its events;
 * else from a free-text `category` field that maps; else `uncategorized`. The event tags used are
 * recorded in `raw_payload` under `smartcrowd_event_tags` (id, label, slug of each).
 */
export function mapMarket(m: GammaMarket, raw: unknown, eventTags?: readonly GammaTag[] | null): MarketRow {
  const embedded = [...(m.events ?? []).flatMap((e) => e.tags ?? []), ...(m.tags ?? [])];
  const free = [m.category, ...(m.events ?? []).map((e) => e.category)].filter((c): c is string => !!c);
  const category = (eventTags ? categoryFromTags(eventTags) : null) ?? categoryFromTags(embedded) ?? free.map((c) => categoryOfTag(c)).find((c) => c) ?? UNCATEGORIZED;
  const payload = eventTags && raw && typeof raw === 'object'
    ? { ...(raw as Record<string, unknown>), [EVENT_TAGS_KEY]: eventTags.map((t) => ({ id: t.id ?? null, label: t.label ?? null, slug: t.slug ?? null })) }
    : raw;
  return {
    id: m.conditionId.toLowerCase(),
    question: m.question ?? null,
    end_time: parseGammaTime(m.endDate),
    category,
    liquidity: m.liquidityNum ?? (typeof m.liquidity === 'number' ? m.liquidity : null),
    resolution_source: m.resolutionSource || null,
    condition_id: m.conditionId.toLowerCase(),
    source: 'polymarket',
    raw_payload: JSON.stringify(payload),
  };
}

/** The instant a closed market stopped trading, epoch ms: `closedTime`, else `umaEndDate`, else `endDate`; null when none parses. */
export function closingTime(m: GammaMarket): number | null {
  return parseGammaTime(m.closedTime) ?? parseGammaTime(m.umaEndDate) ?? parseGammaTime(m.endDate);
}

/** How far from exactly 1/0 a resolved market's prices may be and still count as settled. */
const SETTLED_EPS = 0.005;

/**
 * The resolution of a closed binary market, or null when it has none yet:
 * - authoritative (inferred 0): `closed`, `umaResolutionStatus: "resolved"` and prices 1/0 (within 0.005);
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
  const when = closingTime(m);
  if (when === null) return null;
  const near = (p: number, v: number) => Math.abs(p - v) <= SETTLED_EPS;
  const settled = (near(pYes, 1) && near(pNo, 0)) || (near(pYes, 0) && near(pNo, 1));
  if (status === 'resolved' && settled) return { market_id: m.conditionId.toLowerCase(), resolved_outcome: pYes > pNo ? 1 : 0, resolution_time: when, inferred: 0, source: 'polymarket' };
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

const PROFILE_FIELDS = ['name', 'pseudonym', 'bio', 'profileImage', 'profileImageOptimized', 'profile_image', 'profile_image_optimized', 'icon'];

/** Which side of a fill a row is: the taker's row is the one a `takerOnly=true` listing returns. */
export type MakerTaker = 'maker' | 'taker';

/**
 * The external id of the `n`-th identical row within one page (n = 0 for the first). The Data API
 * has no fill id: two fills of one wallet at the same price and size in one transaction are
 * identical rows, and only their multiplicity within a page tells them apart from an overlap repeat.
 */
export function occurrenceId(externalId: string, n: number): string {
  return n === 0 ? externalId : `${externalId}-${n}`;
}

/**
 * A Data API trade as a `trades` row. YES/NO comes from the traded `asset`'s position among the
 * market's `clobTokenIds` (its outcome label at that position), else `outcomeIndex` 0/1 (999 is
 * ignored), else the `outcome` label. Wallet lower-cased; `timestamp` seconds → ms; `side`
 * BUY/SELL is the action; the id hashes (transactionHash, asset, proxyWallet, side, size, price,
 * timestamp) — a transaction hash alone is not unique per row (with makers, one match is several
 * rows sharing it; the maker and taker rows differ in wallet, side or asset). `makerTaker` fills the
 * `maker_taker` column. Public profile fields are dropped from the stored raw payload.
 * @throws MappingError when the side cannot be determined or price/size are out of range.
 */
export function mapTrade(t: DataTrade, market: MarketTokens | undefined, makerTaker: MakerTaker | null = null): TradeRow {
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
    maker_taker: makerTaker,
    source: 'polymarket',
    raw_payload: JSON.stringify(raw),
  };
}

/**
 * A Data API v2 resolution row as an authoritative outcome (inferred 0), or null unless its
 * `status` is `resolved` with a YES or NO price. `price` follows the UMA CTF adapter's convention
 * (an assumption, see docs/polymarket.md): 1 (or 1e18) = the first outcome won, 0 = the second,
 * 0.5 (or 5e17) = void. Binary markets only; `outcomes` orders the labels as Gamma lists them.
 */
export function mapV2Resolution(r: V2Resolution, outcomes: readonly string[] | null | undefined, fallbackTime: number | null): OutcomeRow | null {
  if ((r.status ?? '').toLowerCase() !== 'resolved' || r.price == null) return null;
  if (outcomes && outcomes.length !== 2) return null;
  const p = Number(r.price);
  const first = p === 1 || p === 1e18 ? true : p === 0 ? false : null;
  if (first === null) return null;
  const y = yesIndex(outcomes);
  const yesWon = first ? y === 0 : y === 1;
  const when = r.last_update_timestamp != null && Number.isFinite(r.last_update_timestamp) ? r.last_update_timestamp * 1000 : fallbackTime;
  if (when === null) return null;
  return { market_id: r.condition_id.toLowerCase(), resolved_outcome: yesWon ? 1 : 0, resolution_time: when, inferred: 0, source: 'polymarket' };
}
