import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * A fake Polymarket on 127.0.0.1 for tests: Gamma `/markets` and Data API `/trades` pages in the
 * recorded payload shapes (test/fixtures/polymarket), with paging and filters, and injectable
 * faults. Never touches the internet.
 */

export type Fault =
  | { kind: '429'; retryAfterSeconds?: number }
  | { kind: '500' }
  | { kind: 'slow'; ms: number }
  | { kind: 'truncated' }
  | { kind: 'malformed-item' }
  | { kind: 'reset' };

export interface FakeMarket {
  conditionId: string;
  question: string;
  endDate: string;
  closed: boolean;
  outcomePrices: [string, string];
  umaResolutionStatus?: string;
  closedTime?: string;
  tokenIds: [string, string];
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
}

const FIX = join(import.meta.dirname, '../fixtures/polymarket');
const marketTemplate = JSON.parse(readFileSync(join(FIX, 'gamma_markets_closed_resolved_2024-election.json'), 'utf8'))[0] as Record<string, unknown>;
const tradeTemplate = JSON.parse(readFileSync(join(FIX, 'data_api_trades_takerOnly_cash10000.json'), 'utf8'))[0] as Record<string, unknown>;

export class FakePolymarket {
  markets: FakeMarket[] = [];
  trades: FakeTrade[] = [];
  /** Faults to inject, consumed in order, per route ('/markets' or '/trades'). */
  readonly faults: Record<'/markets' | '/trades', Fault[]> = { '/markets': [], '/trades': [] };
  /** When true, every /trades page repeats the previous page's last row first (a moving feed). */
  duplicateAcrossPages = false;
  /** Largest offset the fake accepts (larger → 400, like the real API). */
  offsetCap = 3000;
  readonly requests: string[] = [];
  private server!: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
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
    };
  }

  private dataTrade(t: FakeTrade): Record<string, unknown> {
    const m = this.markets.find((x) => x.conditionId === t.conditionId)!;
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

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(url.pathname + url.search);
    const route = url.pathname as '/markets' | '/trades';
    if (route !== '/markets' && route !== '/trades') {
      res.statusCode = 404;
      return void res.end('{}');
    }
    const fault = this.faults[route].shift();
    if (fault?.kind === '429') {
      res.statusCode = 429;
      if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      return void res.end('{"error":"rate limited"}');
    }
    if (fault?.kind === '500') {
      res.statusCode = 500;
      return void res.end('{"error":"internal"}');
    }
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    if (offset > this.offsetCap) {
      res.statusCode = 400;
      return void res.end('{"error":"offset too large"}');
    }
    let items: unknown[];
    if (route === '/markets') {
      const closed = url.searchParams.get('closed') === 'true';
      items = this.markets.filter((m) => m.closed === closed).slice(offset, offset + limit).map((m) => this.gamma(m));
    } else {
      const ids = new Set((url.searchParams.get('market') ?? '').split(',').filter(Boolean));
      const start = Number(url.searchParams.get('start') ?? 0);
      const end = url.searchParams.has('end') ? Number(url.searchParams.get('end')) : Infinity;
      const all = this.trades
        .filter((t) => ids.has(t.conditionId) && t.timestamp >= start && t.timestamp <= end)
        .sort((a, b) => b.timestamp - a.timestamp || (a.transactionHash < b.transactionHash ? -1 : 1)); // newest first
      items = all.slice(offset, offset + limit).map((t) => this.dataTrade(t));
      if (this.duplicateAcrossPages && offset > 0 && all[offset - 1]) items = [this.dataTrade(all[offset - 1]!), ...items.slice(0, limit - 1)];
    }
    if (fault?.kind === 'malformed-item') items = [{ conditionId: 'not-hex', side: 'HOLD' }, ...items];
    let body = JSON.stringify(items);
    if (fault?.kind === 'truncated') body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  }
}

/** A seeded little market world for the fake: `nMarkets` markets, `perMarket` fills each. */
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
