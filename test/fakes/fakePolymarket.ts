import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../engine/rng.ts';

/*
 * A fake Polymarket on 127.0.0.1 for tests: Gamma `/markets` and `/events`, Data API `/trades`,
 * `/v2/trades` and `/v2/resolutions`, in the recorded payload shapes (test/fixtures/polymarket),
 * behaving the way ../shared/reference/polymarket-api.md describes the real service:
 * - `limit` clamped silently per route (`clamp`), offsets past a cap refused (`offsetCap` → 400 on
 *   /trades, `gammaOffsetCap` → 422 on /markets);
 * - /trades newest first, `start`/`end` (epoch s, inclusive) honoured for market-scoped requests,
 *   `takerOnly` (default true) hiding maker rows; /markets in id order with `closed` (missing =
 *   false) and `end_date_min/max`; /events by repeated `id` with the same `closed` trap;
 * - a moving feed: `overlap` rows of the previous page served again at the top of the next;
 *   pages shorter than the clamp that are not the end (`shortPageEvery`);
 * - injectable faults, in order per route (`faults`), or seeded at a rate (`chaos`): 429 with
 *   Retry-After, 500, slow responses, resets, truncated JSON, malformed items, a spurious empty
 *   page, a 200 that is not an array.
 * Never touches the internet.
 */

export type Fault =
  | { kind: '429'; retryAfterSeconds?: number }
  | { kind: '500' }
  | { kind: 'slow'; ms: number }
  | { kind: 'truncated' }
  | { kind: 'malformed-item' }
  | { kind: 'reset' }
  /** One empty page where there are rows (an "early" empty page). */
  | { kind: 'empty' }
  /** A 200 whose body is a JSON object, not the array asked for. */
  | { kind: 'not-array' };

export type Route = '/markets' | '/events' | '/trades' | '/v2/trades' | '/v2/resolutions';
const ROUTES: readonly Route[] = ['/markets', '/events', '/trades', '/v2/trades', '/v2/resolutions'];

export interface FakeTag {
  id: string;
  label: string;
  slug: string;
}

export interface FakeMarket {
  conditionId: string;
  question: string;
  endDate: string;
  closed: boolean;
  outcomePrices: [string, string];
  umaResolutionStatus?: string;
  closedTime?: string;
  tokenIds: [string, string];
  /** Its event (one market per event unless set); default `ev-<index>`. */
  eventId?: string;
  /** Its event's tags, served by /events only (Gamma markets embed events without tags). */
  tags?: FakeTag[];
  /** Served by /v2/resolutions when set. */
  v2Resolution?: { status: string; price: string; lastUpdate: number };
}

export interface FakeTrade {
  conditionId: string;
  proxyWallet: string;
  side: 'BUY' | 'SELL';
  /** 0 = YES token, 1 = NO token */
  outcomeIndex: 0 | 1;
  size: number;
  price: number;
  timestamp: number;
  transactionHash: string;
  /** Which side of the match this row is; maker rows are hidden by `takerOnly=true` (the default). */
  role?: 'taker' | 'maker';
}

export interface Chaos {
  /** Probability per request of a 429 and of a 500 (independent draws, seeded). */
  p429: number;
  p500: number;
  retryAfterSeconds?: number;
  seed?: number;
  /** Routes affected (default all). */
  routes?: Route[];
}

const FIX = join(import.meta.dirname, '../fixtures/polymarket');
const marketTemplate = JSON.parse(readFileSync(join(FIX, 'gamma_markets_closed_resolved_2024-election.json'), 'utf8'))[0] as Record<string, unknown>;
const tradeTemplate = JSON.parse(readFileSync(join(FIX, 'data_api_trades_takerOnly_cash10000.json'), 'utf8'))[0] as Record<string, unknown>;
const eventTemplate = (marketTemplate.events as Record<string, unknown>[])[0]!;

export class FakePolymarket {
  markets: FakeMarket[] = [];
  trades: FakeTrade[] = [];
  /** Faults to inject, consumed in order, per route. */
  readonly faults: Record<Route, Fault[]> = { '/markets': [], '/events': [], '/trades': [], '/v2/trades': [], '/v2/resolutions': [] };
  /** Silent `limit` clamp per route (the real service serves at most this many, without saying). */
  clamp: Partial<Record<Route, number>> = {};
  /** Rows of the previous page served again at the top of the next (a feed moving under offset paging). */
  overlap: Partial<Record<'/markets' | '/trades', number>> = {};
  /** Compatibility: one row of overlap on /trades. */
  set duplicateAcrossPages(on: boolean) {
    this.overlap['/trades'] = on ? 1 : 0;
  }
  /** Every k-th page (by offset / served page size) is half a page: short, but not the end. 0 = never. */
  shortPageEvery = 0;
  /** /trades offsets past this are refused with 400 (like the real API). */
  offsetCap = 3000;
  /** /markets offsets past this are refused with `gammaCapStatus`. */
  gammaOffsetCap = Infinity;
  gammaCapStatus = 422;
  /** Seeded random 429s and 500s. */
  chaos: Chaos | null = null;
  /** Misbehaviours for the ingester's safety nets. */
  ignoreEnd = false;
  /** Serve rows strictly before `end` instead of up to it. */
  endExclusive = false;
  unordered = false;
  /** Answer 404 on /events (a service without the route). */
  noEvents = false;
  readonly requests: string[] = [];
  /** Counts of faults served, by kind (chaos and queued). */
  readonly served: Record<string, number> = {};
  private server!: http.Server;
  private rng = mulberry32(1);
  private rngFor: Chaos | null = null;
  private sortedCache: { n: number; rows: FakeTrade[] } | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Resolves a market (as Gamma shows it after UMA resolution). */
  resolve(conditionId: string, yesWins: boolean, at: string): void {
    const m = this.markets.find((x) => x.conditionId === conditionId)!;
    m.closed = true;
    m.outcomePrices = yesWins ? ['1', '0'] : ['0', '1'];
    m.umaResolutionStatus = 'resolved';
    m.closedTime = at;
  }

  /** Every unique row the fake serves with `takerOnly=false` (the truth a complete ingest must store). */
  uniqueRows(filter: (t: FakeTrade) => boolean = () => true): number {
    const keys = new Set(this.trades.filter(filter).map((t) => [t.transactionHash, t.outcomeIndex, t.proxyWallet, t.side, t.size, t.price, t.timestamp, t.conditionId].join('|')));
    return keys.size;
  }

  private eventId(m: FakeMarket): string {
    return m.eventId ?? `ev-${this.markets.indexOf(m)}`;
  }

  private gamma(m: FakeMarket): Record<string, unknown> {
    return {
      ...marketTemplate,
      id: String(1000 + this.markets.indexOf(m)),
      question: m.question,
      conditionId: m.conditionId,
      slug: m.question.toLowerCase().replace(/\W+/g, '-'),
      endDate: m.endDate,
      closed: m.closed,
      active: true,
      outcomes: '["Yes", "No"]',
      outcomePrices: JSON.stringify(m.outcomePrices),
      clobTokenIds: JSON.stringify(m.tokenIds),
      umaResolutionStatus: m.umaResolutionStatus ?? null,
      closedTime: m.closedTime ?? null,
      umaEndDate: m.closedTime ? m.closedTime.replace(' ', 'T').replace('+00', 'Z') : null,
      // Like the recorded payloads: the event is embedded without its tags.
      events: [{ ...eventTemplate, id: this.eventId(m), slug: `event-${this.eventId(m)}`, title: m.question, closed: m.closed }],
    };
  }

  private event(id: string, ms: FakeMarket[]): Record<string, unknown> {
    return {
      ...eventTemplate,
      id,
      slug: `event-${id}`,
      title: ms[0]!.question,
      closed: ms.every((m) => m.closed),
      tags: ms[0]!.tags ?? [],
      markets: ms.map((m) => ({ id: String(1000 + this.markets.indexOf(m)), conditionId: m.conditionId, question: m.question })),
    };
  }

  private marketOf = new Map<string, FakeMarket>();

  private dataTrade(t: FakeTrade): Record<string, unknown> {
    let m = this.marketOf.get(t.conditionId);
    if (!m) {
      m = this.markets.find((x) => x.conditionId === t.conditionId)!;
      this.marketOf.set(t.conditionId, m);
    }
    return {
      ...tradeTemplate,
      proxyWallet: t.proxyWallet,
      side: t.side,
      asset: m.tokenIds[t.outcomeIndex],
      conditionId: t.conditionId,
      size: t.size,
      price: t.price,
      timestamp: t.timestamp,
      title: m.question,
      outcome: t.outcomeIndex === 0 ? 'Yes' : 'No',
      outcomeIndex: t.outcomeIndex,
      transactionHash: t.transactionHash,
    };
  }

  /** The v2 shape of a trade row: the same fields in snake_case (py-sdk tests/fixtures/data_v2/trades.json). */
  private v2Trade(t: FakeTrade): Record<string, unknown> {
    const r = this.dataTrade(t);
    return {
      proxy_wallet: r.proxyWallet, side: r.side, token_id: r.asset, condition_id: r.conditionId, size: r.size, price: r.price,
      timestamp: r.timestamp, title: r.title, slug: r.slug, icon: r.icon, event_slug: r.eventSlug, outcome: r.outcome,
      outcome_index: r.outcomeIndex, name: r.name, pseudonym: r.pseudonym, bio: r.bio, profile_image: r.profileImage,
      profile_image_optimized: r.profileImageOptimized, transaction_hash: r.transactionHash,
    };
  }

  /** All trades, newest first (stable tie-break), cached until trades are added. */
  private sorted(): FakeTrade[] {
    if (!this.sortedCache || this.sortedCache.n !== this.trades.length) {
      const rows = [...this.trades].sort((a, b) => b.timestamp - a.timestamp || (a.transactionHash < b.transactionHash ? -1 : a.transactionHash > b.transactionHash ? 1 : 0) || (a.role === b.role ? 0 : a.role === 'maker' ? 1 : -1));
      this.sortedCache = { n: this.trades.length, rows };
    }
    return this.sortedCache.rows;
  }

  private count(kind: string): void {
    this.served[kind] = (this.served[kind] ?? 0) + 1;
  }

  /** Offset paging as the fake serves it: clamp, overlap, short pages. */
  private page<T>(all: readonly T[], route: '/markets' | '/trades', offset: number, limit: number): T[] {
    const size = Math.max(0, Math.min(limit, this.clamp[route] ?? Infinity));
    const from = offset > 0 ? Math.max(0, offset - (this.overlap[route] ?? 0)) : 0;
    let n = size;
    if (this.shortPageEvery > 0 && size > 1 && Math.floor(offset / size) % this.shortPageEvery === this.shortPageEvery - 1) n = Math.ceil(size / 2);
    return all.slice(from, from + n);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(url.pathname + url.search);
    const route = url.pathname as Route;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.statusCode = status;
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.setHeader('Content-Type', 'application/json');
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (!ROUTES.includes(route) || (route === '/events' && this.noEvents)) return send(404, { error: 'not found' });
    let fault = this.faults[route].shift();
    if (!fault && this.chaos && (this.chaos.routes ?? ROUTES).includes(route)) {
      if (this.rngFor !== this.chaos) {
        this.rng = mulberry32(this.chaos.seed ?? 1);
        this.rngFor = this.chaos;
      }
      const a = this.rng();
      const b = this.rng();
      if (a < this.chaos.p429) fault = { kind: '429', retryAfterSeconds: this.chaos.retryAfterSeconds };
      else if (b < this.chaos.p500) fault = { kind: '500' };
    }
    if (fault) this.count(fault.kind);
    if (fault?.kind === '429') return send(429, { error: 'rate limited' }, fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {});
    if (fault?.kind === '500') return send(500, { error: 'internal' });
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'not-array') return send(200, { error: 'something went wrong' });
    if (fault?.kind === 'slow') {
      const ms = fault.ms;
      await new Promise((r) => setTimeout(r, ms));
    }
    const q = url.searchParams;
    const limit = Number(q.get('limit') ?? 100);
    const offset = Number(q.get('offset') ?? 0);
    let body: unknown;
    if (route === '/markets') {
      if (offset > this.gammaOffsetCap) return send(this.gammaCapStatus, { error: `offset ${offset} is over the limit` });
      const closed = q.get('closed') === 'true';
      const min = q.has('end_date_min') ? Date.parse(q.get('end_date_min')!) : -Infinity;
      const max = q.has('end_date_max') ? Date.parse(q.get('end_date_max')!) : Infinity;
      const all = this.markets.filter((m) => m.closed === closed && (!q.has('end_date_min') && !q.has('end_date_max') ? true : Date.parse(m.endDate) >= min && Date.parse(m.endDate) <= max));
      body = this.page(all, '/markets', offset, limit).map((m) => this.gamma(m));
    } else if (route === '/events') {
      const ids = new Set(q.getAll('id'));
      const closed = q.get('closed') === 'true';
      const groups = new Map<string, FakeMarket[]>();
      for (const m of this.markets) {
        const id = this.eventId(m);
        if (ids.size && !ids.has(id)) continue;
        groups.set(id, [...(groups.get(id) ?? []), m]);
      }
      body = [...groups].filter(([, ms]) => ms.every((m) => m.closed) === closed).slice(0, Math.min(limit, this.clamp['/events'] ?? Infinity)).map(([id, ms]) => this.event(id, ms));
    } else if (route === '/trades') {
      if (offset > this.offsetCap) return send(400, { error: `offset ${offset} exceeds the maximum` });
      const ids = new Set((q.get('market') ?? '').split(',').filter(Boolean));
      const start = Number(q.get('start') ?? 0);
      const end = q.has('end') && !this.ignoreEnd ? Number(q.get('end')) : Infinity;
      const takerOnly = q.get('takerOnly') !== 'false';
      const beforeEnd = (ts: number) => (this.endExclusive ? ts < end : ts <= end);
      let all = this.sorted().filter((t) => ids.has(t.conditionId) && t.timestamp >= start && beforeEnd(t.timestamp) && (!takerOnly || t.role !== 'maker'));
      if (this.unordered) all = [...all].sort((a, b) => (a.transactionHash < b.transactionHash ? -1 : a.transactionHash > b.transactionHash ? 1 : a.proxyWallet < b.proxyWallet ? -1 : 1));
      body = this.page(all, '/trades', offset, limit).map((t) => this.dataTrade(t));
    } else if (route === '/v2/trades') {
      if (q.has('offset')) return send(400, { error: 'offset is not supported; use cursor' });
      const ids = new Set((q.get('condition') ?? '').split(',').filter(Boolean));
      const takerOnly = q.get('taker_only') !== 'false';
      const all = this.sorted().filter((t) => ids.has(t.conditionId) && (!takerOnly || t.role !== 'maker'));
      const at = q.has('cursor') ? Number(Buffer.from(q.get('cursor')!, 'base64url').toString().replace('k:', '')) : 0;
      const n = Math.min(limit, this.clamp['/v2/trades'] ?? 1000);
      const rows = all.slice(at, at + n);
      const more = at + n < all.length;
      body = { data: rows.map((t) => this.v2Trade(t)), pagination: { has_more: more, next_cursor: more ? Buffer.from(`k:${at + n}`).toString('base64url') : null } };
    } else {
      const ids = new Set((q.get('condition') ?? '').split(',').filter(Boolean));
      body = {
        data: this.markets.filter((m) => ids.has(m.conditionId) && m.v2Resolution).map((m) => ({
          question_id: `0x${'0'.repeat(64)}`, condition_id: m.conditionId, status: m.v2Resolution!.status, extended_review: false, was_disputed: false,
          proposed_price: m.v2Resolution!.price, price: m.v2Resolution!.price, last_update_timestamp: String(m.v2Resolution!.lastUpdate),
        })),
      };
    }
    if (fault?.kind === 'empty') body = Array.isArray(body) ? [] : { ...(body as object), data: [] };
    if (fault?.kind === 'malformed-item' && Array.isArray(body)) body = [{ conditionId: 'not-hex', side: 'HOLD' }, ...body];
    let text = JSON.stringify(body);
    if (fault?.kind === 'truncated') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    send(200, text);
  }
}

/** A seeded little market world for the fake: `nMarkets` markets, `perMarket` taker fills each. */
export function seedFake(fake: FakePolymarket, nMarkets: number, perMarket: number, t0 = 1_735_689_600): void {
  for (let m = 0; m < nMarkets; m++) {
    const cid = `0x${(m + 1).toString(16).padStart(64, '0')}`;
    fake.markets.push({
      conditionId: cid,
      question: `Fake market ${m}?`,
      endDate: new Date((t0 + 86_400 * (10 + m)) * 1000).toISOString(),
      closed: m % 3 === 0,
      outcomePrices: m % 3 === 0 ? (m % 2 ? ['0', '1'] : ['1', '0']) : ['0.6', '0.4'],
      umaResolutionStatus: m % 3 === 0 ? 'resolved' : undefined,
      closedTime: m % 3 === 0 ? '2025-01-20 10:00:00+00' : undefined,
      tokenIds: [`71${String(m).padStart(74, '0')}1`, `71${String(m).padStart(74, '0')}2`],
    });
    for (let k = 0; k < perMarket; k++) {
      fake.trades.push({
        conditionId: cid,
        proxyWallet: `0x${((m * 7 + k) % 23).toString(16).padStart(40, 'a')}`,
        side: k % 4 === 3 ? 'SELL' : 'BUY',
        outcomeIndex: (k % 2) as 0 | 1,
        size: 10 + k,
        price: 0.1 + ((k * 7) % 80) / 100,
        timestamp: t0 + m * 3600 + k * 60,
        transactionHash: `0x${(m * 100_000 + k).toString(16).padStart(64, '0')}`,
      });
    }
  }
}

/** Tags the world's events carry, one set per category (labels and slugs as Polymarket uses them). */
export const FAKE_TAGS: Record<string, FakeTag[]> = {
  politics: [{ id: '2', label: 'Politics', slug: 'politics' }, { id: '1101', label: 'US Election', slug: 'us-election' }],
  sports: [{ id: '1', label: 'Sports', slug: 'sports' }, { id: '745', label: 'NBA', slug: 'nba' }],
  crypto: [{ id: '21', label: 'Crypto', slug: 'crypto' }, { id: '235', label: 'Bitcoin', slug: 'bitcoin' }],
  economics: [{ id: '100328', label: 'Economy', slug: 'economy' }, { id: '159', label: 'Fed Rates', slug: 'fed-rates' }],
  entertainment: [{ id: '596', label: 'Pop Culture', slug: 'pop-culture' }, { id: '53', label: 'Movies', slug: 'movies' }],
  none: [{ id: '9999', label: 'Featured', slug: 'featured' }],
};

export interface WorldSpec {
  markets: number;
  /** Taker fills of market `m`. */
  fills: (m: number) => number;
  /** Maker rows behind fill `k` of market `m` (0 = none). */
  makers?: (m: number, k: number) => number;
  /** Seconds between consecutive fills of a market (default 60). */
  spacing?: (m: number, k: number) => number;
  t0?: number;
  seed?: number;
}

/**
 * A richer world for the acceptance tests: per market a number of taker fills, each optionally
 * with maker rows shaped like a real `takerOnly=false` match (R-IW-MADURO in the reference): the
 * taker row carries the whole size at the size-weighted price; each maker row shares its
 * transactionHash and timestamp and is either the opposite side of the same token or a BUY of the
 * complementary token at 1 − price (a match that mints). Markets are tagged, two thirds closed
 * (resolved YES/NO, one of them only inferable from 0.99/0.01 prices). Returns the number of rows
 * and of taker rows.
 */
export function seedWorld(fake: FakePolymarket, spec: WorldSpec): { rows: number; takers: number } {
  const rng = mulberry32(spec.seed ?? 11);
  const t0 = spec.t0 ?? 1_735_689_600;
  const tagSets = Object.values(FAKE_TAGS);
  let rows = 0;
  let takers = 0;
  const base = fake.markets.length;
  for (let i = 0; i < spec.markets; i++) {
    const m = base + i;
    const cid = `0x${(m + 1).toString(16).padStart(64, 'c')}`;
    const closed = i % 3 !== 2;
    const yes = i % 2 === 0;
    fake.markets.push({
      conditionId: cid,
      question: `World market ${m}?`,
      endDate: new Date((t0 + 86_400 * (5 + (i % 40))) * 1000).toISOString(),
      closed,
      outcomePrices: !closed ? ['0.55', '0.45'] : i % 7 === 6 ? (yes ? ['0.99', '0.01'] : ['0.01', '0.99']) : yes ? ['1', '0'] : ['0', '1'],
      umaResolutionStatus: closed && i % 7 !== 6 ? 'resolved' : undefined,
      closedTime: closed ? '2025-03-01 12:00:00+00' : undefined,
      tokenIds: [`72${String(m).padStart(74, '0')}1`, `72${String(m).padStart(74, '0')}2`],
      tags: tagSets[i % tagSets.length],
    });
    let ts = t0 + i * 7;
    for (let k = 0; k < spec.fills(i); k++) {
      ts += spec.spacing ? spec.spacing(i, k) : 60;
      const tx = `0x${(m * 1_000_000 + k).toString(16).padStart(64, '0')}`;
      const token = (rng() < 0.5 ? 0 : 1) as 0 | 1;
      const side: 'BUY' | 'SELL' = rng() < 0.8 ? 'BUY' : 'SELL';
      const nMakers = spec.makers ? spec.makers(i, k) : 0;
      const makers: FakeTrade[] = [];
      let total = 0;
      let notional = 0;
      for (let j = 0; j < nMakers; j++) {
        const size = Math.round((5 + rng() * 200) * 100) / 100;
        const price = Math.round((0.05 + rng() * 0.9) * 1000) / 1000;
        const mint = side === 'BUY' && rng() < 0.3;
        makers.push({
          conditionId: cid,
          proxyWallet: `0x${(100 + ((m * 31 + k * 7 + j) % 400)).toString(16).padStart(40, 'b')}`,
          side: mint ? 'BUY' : side === 'BUY' ? 'SELL' : 'BUY',
          outcomeIndex: mint ? ((1 - token) as 0 | 1) : token,
          size,
          price: mint ? Math.round((1 - price) * 1000) / 1000 : price,
          timestamp: ts,
          transactionHash: tx,
          role: 'maker',
        });
        total += size;
        notional += size * price;
      }
      const size = nMakers ? Math.round(total * 100) / 100 : Math.round((5 + rng() * 300) * 100) / 100;
      const price = nMakers ? Math.round((notional / total) * 1e8) / 1e8 : Math.round((0.05 + rng() * 0.9) * 1000) / 1000;
      fake.trades.push({ conditionId: cid, proxyWallet: `0x${((m * 13 + k) % 97).toString(16).padStart(40, 'a')}`, side, outcomeIndex: token, size, price, timestamp: ts, transactionHash: tx, role: 'taker' }, ...makers);
      rows += 1 + makers.length;
      takers++;
    }
  }
  return { rows, takers };
}
