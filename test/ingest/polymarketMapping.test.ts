import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataTrade, DataTradeV2, GammaMarket, V2Resolution } from '../../ingest/polymarket/schemas.ts';
import { mapMarket, mapOutcome, mapTrade, mapV2Resolution, MappingError, occurrenceId, parseGammaTime } from '../../ingest/polymarket/mapping.ts';
import { categoryFromTags } from '../../ingest/polymarket/categoryFromTags.ts';

// Real recorded payloads (provenance and sha256 in test/fixtures/polymarket/README.md).
const load = (f: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/polymarket', f), 'utf8')) as unknown[];
const closed = load('gamma_markets_closed_resolved_2024-election.json');
const open = load('gamma_markets_open_2024-07.json');
const trades = load('data_api_trades_takerOnly_cash10000.json');

describe('Polymarket payload mapping', () => {
  it('parses every recorded Gamma market leniently, decoding the JSON-encoded fields', () => {
    for (const raw of [...closed, ...open]) {
      const m = GammaMarket.parse(raw);
      expect(m.outcomes).toHaveLength(2);
      expect(m.clobTokenIds).toHaveLength(2);
      expect(m.clobTokenIds![0]).toMatch(/^\d{60,80}$/); // uint256 ids stay strings
    }
  });

  it('maps the resolved 2024 election markets: id = conditionId, authoritative outcomes from resolved 1/0 prices, resolution at closedTime', () => {
    const trump = GammaMarket.parse(closed[0]);
    const row = mapMarket(trump, closed[0]);
    expect(row.id).toBe('0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917');
    expect(row.question).toBe('Will Donald Trump win the 2024 US Presidential Election?');
    expect(row.end_time).toBe(Date.UTC(2024, 10, 5, 12));
    expect(JSON.parse(row.raw_payload!).id).toBe('253591');
    expect(mapOutcome(trump, 0.97)).toEqual({ market_id: row.id, resolved_outcome: 1, resolution_time: Date.UTC(2024, 10, 6, 15, 17, 41), inferred: 0, source: 'polymarket' });
    const harris = GammaMarket.parse(closed[1]);
    expect(mapOutcome(harris, 0.97)!.resolved_outcome).toBe(0);
  });

  it('gives open markets no outcome, infers one from a price at the threshold, and skips void and disputed ones', () => {
    for (const raw of open) expect(mapOutcome(GammaMarket.parse(raw), 0.97)).toBeNull();
    const base = GammaMarket.parse(closed[0]);
    expect(mapOutcome({ ...base, umaResolutionStatus: null, outcomePrices: ['0.98', '0.02'] }, 0.97)).toMatchObject({ resolved_outcome: 1, inferred: 1 });
    expect(mapOutcome({ ...base, umaResolutionStatus: null, outcomePrices: ['0.9', '0.1'] }, 0.97)).toBeNull();
    expect(mapOutcome({ ...base, outcomePrices: ['0.5', '0.5'] }, 0.97)).toBeNull();
    expect(mapOutcome({ ...base, umaResolutionStatus: 'disputed' }, 0.97)).toBeNull();
    expect(mapOutcome({ ...base, umaResolutionStatus: 'proposed', outcomePrices: ['1', '0'] }, 0.97)).toBeNull();
  });

  it('reads Gamma closedTime with a space and a +00 offset', () => {
    expect(parseGammaTime('2024-11-06 15:17:41+00')).toBe(Date.UTC(2024, 10, 6, 15, 17, 41));
    expect(parseGammaTime('garbage')).toBeNull();
  });

  it('maps recorded Data API trades: outcome label / index → YES/NO, seconds → ms, lower-cased wallet, profile fields dropped', () => {
    const t = DataTrade.parse(trades[0]);
    const row = mapTrade(t, undefined); // no token list: falls back to outcomeIndex 1 → NO
    expect(row).toMatchObject({
      market_id: '0xace3c72c24fccb6731433483ece41c780432d84850edccd5a6bf3147ccea62a9',
      wallet: '0xac482f27ac3d1144ca4f778af405eb5cac5d2feb',
      ts: 1784327295000,
      side: 'NO',
      action: 'BUY',
      price: 0.968534758,
      size: 30974.624038,
    });
    expect(row.external_id).toMatch(/^pm-[0-9a-f]{32}$/);
    const raw = JSON.parse(row.raw_payload!);
    expect(raw.transactionHash).toBe((trades[0] as { transactionHash: string }).transactionHash);
    expect(raw).not.toHaveProperty('name');
    expect(raw).not.toHaveProperty('bio');
    for (const x of trades) expect(() => mapTrade(DataTrade.parse(x), undefined)).not.toThrow();
  });

  it('prefers the asset position among the market token ids, ignores outcomeIndex 999, and falls back to the label', () => {
    const t = DataTrade.parse(trades[0]);
    const tokens = { tokenIds: ['111', t.asset!], outcomes: ['Yes', 'No'] };
    expect(mapTrade({ ...t, outcomeIndex: 0 }, tokens).side).toBe('NO'); // asset wins over outcomeIndex
    expect(mapTrade({ ...t, asset: t.asset, outcomeIndex: 999 }, { tokenIds: [t.asset!, '222'], outcomes: ['Yes', 'No'] }).side).toBe('YES');
    expect(mapTrade({ ...t, asset: 'zzz', outcomeIndex: 999, outcome: 'Yes' }, tokens).side).toBe('YES');
    expect(() => mapTrade({ ...t, asset: 'zzz', outcomeIndex: 999, outcome: 'Up' }, tokens)).toThrow(MappingError);
    expect(() => mapTrade({ ...t, price: 1 }, tokens)).toThrow(/price/);
  });

  it('the trade id is deterministic and distinguishes two legs of one transaction', () => {
    const t = DataTrade.parse(trades[0]);
    expect(mapTrade(t, undefined).external_id).toBe(mapTrade({ ...t }, undefined).external_id);
    expect(mapTrade({ ...t, asset: 'other', price: 0.0315 }, undefined).external_id).not.toBe(mapTrade(t, undefined).external_id);
  });
});

describe('categories, sides and the newer payloads', () => {
  it('maps event tags to the fixed category set by vote, ties to the earliest tag; unknown tags do not vote', () => {
    expect(categoryFromTags([{ label: 'Politics', slug: 'politics' }, { label: 'Elections', slug: 'elections' }, { label: 'Crypto', slug: 'crypto' }])).toBe('politics');
    expect(categoryFromTags([{ label: 'Featured', slug: 'featured' }, { label: 'Bitcoin', slug: 'bitcoin' }, { label: 'Fed Rates', slug: 'fed-rates' }])).toBe('crypto');
    expect(categoryFromTags([{ label: 'Pop Culture' }])).toBe('entertainment'); // label only, spaces → dashes
    expect(categoryFromTags([{ label: 'Featured', slug: 'featured' }])).toBeNull();
    expect(categoryFromTags([])).toBeNull();
  });

  it('a recorded market takes its category from the event tags given, keeps them in raw_payload, and is uncategorized without any', () => {
    const trump = GammaMarket.parse(closed[0]);
    const tags = [{ id: '2', label: 'Politics', slug: 'politics' }, { id: '1101', label: 'US Election', slug: 'us-election' }];
    const row = mapMarket(trump, closed[0], tags);
    expect(row.category).toBe('politics');
    expect(JSON.parse(row.raw_payload!).smartcrowd_event_tags).toEqual(tags);
    expect(JSON.parse(row.raw_payload!).id).toBe('253591');
    for (const raw of open) expect(mapMarket(GammaMarket.parse(raw), raw).category).toBe('uncategorized'); // the 2024 payloads carry no tags
  });

  it('a resolved market whose prices are within 0.005 of 1/0 is authoritative', () => {
    const base = GammaMarket.parse(closed[0]);
    expect(mapOutcome({ ...base, outcomePrices: ['0.9995', '0.0005'] }, 0.97)).toMatchObject({ resolved_outcome: 1, inferred: 0 });
    expect(mapOutcome({ ...base, outcomePrices: ['0.98', '0.02'] }, 0.97)).toMatchObject({ resolved_outcome: 1, inferred: 1 });
  });

  it('fills maker_taker, and tells identical rows within one page apart by their position', () => {
    const t = DataTrade.parse(trades[0]);
    expect(mapTrade(t, undefined, 'maker').maker_taker).toBe('maker');
    expect(mapTrade(t, undefined).maker_taker).toBeNull();
    const id = mapTrade(t, undefined).external_id;
    expect(occurrenceId(id, 0)).toBe(id);
    expect(occurrenceId(id, 1)).toBe(`${id}-1`);
  });

  it('a v2 row (snake_case) and a millisecond timestamp map to the same row and id as the v1 row', () => {
    const v1 = trades[0] as Record<string, unknown>;
    const v2 = {
      proxy_wallet: v1.proxyWallet, side: v1.side, token_id: v1.asset, condition_id: v1.conditionId, size: v1.size, price: v1.price, timestamp: v1.timestamp,
      outcome: v1.outcome, outcome_index: 999, name: v1.name, profile_image: 'https://x', transaction_hash: v1.transactionHash,
    };
    const a = mapTrade(DataTrade.parse(v1), undefined);
    const b = mapTrade(DataTradeV2.parse(v2), undefined);
    expect(b).toMatchObject({ external_id: a.external_id, side: a.side, action: a.action, price: a.price, size: a.size, ts: a.ts, wallet: a.wallet });
    expect(JSON.parse(b.raw_payload!)).not.toHaveProperty('profile_image');
    const ms = mapTrade(DataTrade.parse({ ...v1, timestamp: (v1.timestamp as number) * 1000 }), undefined);
    expect(ms.external_id).toBe(a.external_id);
  });

  it('reads a v2 resolution: resolved 0 = the second outcome won, 1 or 1e18 = the first; proposals and 50/50 are not outcomes', () => {
    // Shaped like Polymarket/py-sdk tests/fixtures/data_v2/resolutions.json.
    const row = (status: string, price: string) => V2Resolution.parse({ condition_id: '0x02507350fc2b81c3af36c659a805adbda9b0a81e63a27b29cb273cdd7dbc072e', status, price, last_update_timestamp: '1785355919' });
    expect(mapV2Resolution(row('resolved', '0'), ['Yes', 'No'], null)).toEqual({
      market_id: '0x02507350fc2b81c3af36c659a805adbda9b0a81e63a27b29cb273cdd7dbc072e', resolved_outcome: 0, resolution_time: 1_785_355_919_000, inferred: 0, source: 'polymarket',
    });
    expect(mapV2Resolution(row('resolved', '1000000000000000000'), ['Yes', 'No'], null)!.resolved_outcome).toBe(1);
    expect(mapV2Resolution(row('resolved', '1'), ['No', 'Yes'], null)!.resolved_outcome).toBe(0); // the first outcome is "No" here
    expect(mapV2Resolution(row('posed', '69'), ['Yes', 'No'], null)).toBeNull();
    expect(mapV2Resolution(row('resolved', '500000000000000000'), ['Yes', 'No'], null)).toBeNull();
  });
});

describe('loading recorded payload files', () => {
  it('loads the bundled real payloads: 22 markets, the 2 resolved outcomes, 5 trades, nothing skipped; again inserts nothing', async () => {
    const { ingestPolymarketFiles } = await import('../../ingest/polymarket/index.ts');
    const { openDatabase } = await import('../../store/db.ts');
    const { defaultParams } = await import('../../engine/params.ts');
    const { tempDbPath } = await import('../helpers/smallWorld.ts');
    const db = openDatabase(tempDbPath());
    const dir = join(import.meta.dirname, '../../datasets/polymarket');
    const files = {
      markets: [join(dir, 'gamma_markets_open_2024-07.json'), join(dir, 'gamma_markets_closed_resolved_2024-election.json')],
      trades: [join(dir, 'data_api_trades_takerOnly_cash10000.json')],
    };
    const r = ingestPolymarketFiles(db, files, defaultParams);
    expect(r).toMatchObject({ markets: { read: 22, inserted: 22 }, outcomes: { inserted: 2 }, trades: { read: 5, inserted: 5 }, skipped: [] });
    expect(ingestPolymarketFiles(db, files, defaultParams).trades.inserted).toBe(0);
  });
});
