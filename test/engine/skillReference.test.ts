import { describe, expect, it } from 'vitest';
import { buildTape, type TapeTradeInput } from '../../engine/tape.ts';
import { ProfileStore } from '../../engine/profileStore.ts';
import { parseParams } from '../../engine/params.ts';
import { marketWalletStates } from '../../engine/walletStates.ts';

const H = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const fill = (id: string, market: string, wallet: string, hour: number, side: 'YES' | 'NO', action: 'BUY' | 'SELL', price: number): TapeTradeInput =>
  ({ external_id: id, market_id: market, wallet, ts: T0 + hour * H, side, action, price, size: 10 });

/**
 * Six markets alike: the market stands at 0.40 (x buys), the viewer v buys twice at its own view 0.70
 * (a resting order hit twice, or paying up to its view), then y sells at 0.70; each resolves YES at hour 10.
 * v is right every time, but it paid its view, so its edge against the price paid is 0.3 per fill and
 * against where the market stood 0.6; x, who bought at the market, has 0.6 either way.
 */
const markets = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'];
const tape = buildTape({
  markets: markets.map((id) => ({ id, end_time: T0 + 10 * H })),
  trades: markets.flatMap((m, i) => [
    fill(`${m}x`, m, 'x', 0, 'YES', 'BUY', 0.4),
    fill(`${m}v1`, m, 'v', 1, 'YES', 'BUY', 0.7),
    fill(`${m}v2`, m, 'v', 2, 'NO', 'SELL', 0.3), // selling NO at 0.30 = buying YES at 0.70
    fill(`${m}y`, m, 'y', 3 + i / 10, 'YES', 'SELL', 0.7),
  ]),
  outcomes: markets.map((m) => ({ market_id: m, resolved_outcome: 1 as const, resolution_time: T0 + 10 * H })),
});

describe('the price a fill skill is measured from (skillReference)', () => {
  it("'prior' sums the price before the wallet's run of fills, 'fill' the price paid; pnl stays against the price paid", () => {
    const m = tape.marketIndex.get('m0')!;
    const v = tape.walletIndex.get('v')!;
    const state = (ref: 'prior' | 'fill') => marketWalletStates(tape, m, T0 + 5 * H, parseParams({ skillReference: ref })).find((s) => s.w === v)!;
    expect(state('prior').sumDirPrice).toBeCloseTo(2 * 0.4, 12); // both fills of v's run measured from x's 0.40
    expect(state('fill').sumDirPrice).toBeCloseTo(2 * 0.7, 12);
    expect(state('prior').sumPrice2).toBeCloseTo(2 * 0.16, 12);
    for (const ref of ['prior', 'fill'] as const) expect(state(ref).sumSignedSizePrice).toBeCloseTo(2 * 10 * 0.7, 9);
    // the run that opens a market has no earlier price: measured from its own
    const x = tape.walletIndex.get('x')!;
    expect(marketWalletStates(tape, m, T0 + 5 * H, parseParams({ skillReference: 'prior' })).find((s) => s.w === x)!.sumDirPrice).toBeCloseTo(0.4, 12);
  });

  it("a wallet that is always right at its own view scores higher from the prior price than from the price it paid", () => {
    const v = tape.walletIndex.get('v')!;
    const score = (ref: 'prior' | 'fill') => {
      const p = parseParams({ skillReference: ref });
      const store = new ProfileStore(tape, p);
      store.advanceTo(T0 + 20 * H);
      return { z: store.outcomeScore(store.offset(v, -1, -1), p.skillVarPrior, p.skillVarPseudo), mk: store.markoutScore(v, p.markoutVarPrior, p.skillVarPseudo, p.minSupport) };
    };
    const prior = score('prior');
    const paid = score('fill');
    expect(prior.z).toBeGreaterThan(paid.z * 1.5);
    // the market then trades at v's view: from the price paid that is no move at all; from where it stood, the whole move
    expect(paid.mk).toBe(0);
    expect(prior.mk).toBeGreaterThan(0);
  });
});
