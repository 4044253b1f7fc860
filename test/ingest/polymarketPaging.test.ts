import { describe, expect, it } from 'vitest';
import { pageOffsets, PagingState } from '../../ingest/polymarket/pageOffsets.ts';
import { UpstreamError } from '../../ingest/polymarket/httpClient.ts';

/** A listing of `n` rows served `served` at a time, recording the offsets asked for. */
function listing(n: number, served: number, extra: { refuseFrom?: number; script?: Record<number, unknown[]> } = {}) {
  const asked: number[] = [];
  const seen = new Set<number>();
  const fetch = async (offset: number, limit: number): Promise<unknown> => {
    asked.push(offset);
    if (extra.refuseFrom !== undefined && offset >= extra.refuseFrom) throw new UpstreamError('SC_PM_UPSTREAM', `HTTP 400 at ${offset}`, 400);
    if (extra.script && offset in extra.script && !seen.has(offset)) {
      seen.add(offset);
      return extra.script[offset];
    }
    return Array.from({ length: Math.max(0, Math.min(limit, served, n - offset)) }, (_, i) => offset + i);
  };
  return { asked, fetch };
}

describe('offset paging (pageOffsets)', () => {
  it('a page shorter than asked is not the end: pages by what is served until an empty page, and learns the served size', async () => {
    const l = listing(23, 5);
    const state = new PagingState(100, 10_000);
    const rows: number[] = [];
    const r = await pageOffsets(l.fetch, state, (items) => void rows.push(...(items as number[])));
    expect(r.end).toBe('exhausted');
    expect(rows).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(state).toMatchObject({ served: 5, asked: 100 });
    expect(state.clamped).toBe(true);
    // 0..20 by 5, the empty page at 23, and its confirmation.
    expect(l.asked).toEqual([0, 5, 10, 15, 20, 23, 23]);
  });

  it('an empty page that a second request contradicts is not the end', async () => {
    const l = listing(30, 10, { script: { 10: [] } });
    const rows: number[] = [];
    const r = await pageOffsets(l.fetch, new PagingState(10, 10_000), (items) => void rows.push(...(items as number[])));
    expect(r).toMatchObject({ end: 'exhausted', falseEmpty: 1 });
    expect(rows).toHaveLength(30);
  });

  it('a 400 at a high offset is the offset cap: learned, and the window reported capped; at offset 0 it is an error', async () => {
    const l = listing(1000, 100, { refuseFrom: 300 });
    const state = new PagingState(100, 10_000);
    const r = await pageOffsets(l.fetch, state, () => {});
    expect(r).toMatchObject({ end: 'capped', offset: 300, refused: true, rows: 300 });
    expect(state).toMatchObject({ cap: 300, refusedAt: 300 });
    // The learned cap stops the next window before the refused offset.
    const again = listing(1000, 100, { refuseFrom: 300 });
    expect(await pageOffsets(again.fetch, state, () => {})).toMatchObject({ end: 'capped', refused: false, offset: 300 });
    expect(again.asked).toEqual([0, 100, 200]);
    await expect(pageOffsets(listing(10, 10, { refuseFrom: 0 }).fetch, new PagingState(10, 100), () => {})).rejects.toThrow(/HTTP 400/);
  });

  it('a configured cap ends the window as capped without asking past it', async () => {
    const l = listing(500, 100);
    expect(await pageOffsets(l.fetch, new PagingState(100, 250), () => {})).toMatchObject({ end: 'capped', refused: false, offset: 300 });
    expect(l.asked).toEqual([0, 100, 200]);
  });

  it('a body that is not an array is re-requested, then reported malformed', async () => {
    let calls = 0;
    const r = await pageOffsets(async () => (++calls, { error: 'x' }), new PagingState(10, 100), () => {});
    expect(r).toMatchObject({ end: 'malformed', offset: 0 });
    expect(calls).toBe(3);
  });

  it('a page longer than asked advances by the page size asked (overlap, never a gap)', async () => {
    const offsets: number[] = [];
    const r = await pageOffsets(async (o) => (o >= 20 ? [] : Array.from({ length: 12 }, (_, i) => o + i)), new PagingState(10, 100), (_, o) => void offsets.push(o));
    expect(r.end).toBe('exhausted');
    expect(offsets).toEqual([0, 10]);
  });
});
