import type { PolymarketHttp } from './httpClient.ts';
import { pageOffsets, type PagingState } from './pageOffsets.ts';

export interface GammaListingContext {
  http: PolymarketHttp;
  /** Gamma base URL, no trailing slash. */
  base: string;
  paging: PagingState;
  note: (message: string) => void;
  signal?: AbortSignal;
}

export interface GammaListingResult {
  /** True when every window ended on an empty page (or the caller stopped on purpose). */
  complete: boolean;
  /** Why the listing is incomplete. */
  problems: string[];
  /** Caveats that do not make it incomplete (e.g. markets without an endDate past the cap). */
  notes: string[];
  /** Windows walked (1 unless the offset cap forced `end_date` windows). */
  windows: number;
  pages: number;
}

/** An `end_date_min..end_date_max` window, epoch ms, inclusive; null bounds = unfiltered. */
interface Window {
  min: number | null;
  max: number | null;
}

/** Outer bounds used when an unfiltered listing must be split: 2000-01-01 … 2100-01-01. */
const LO = Date.UTC(2000, 0, 1);
const HI = Date.UTC(2100, 0, 1);

/**
 * Lists Gamma `GET /markets` for one `closed` value, ordered by id ascending (new markets append at
 * the end, so offset paging does not skip), handing every page to `onPage` (which returns true to
 * stop early, e.g. at `--max-markets`).
 *
 * Pages are walked by pageOffsets (clamped pages are not the end, an empty page is). Past the offset
 * cap (configured, or a 400/422 from the service — one study saw 422 from offset 2,100), the
 * listing is redone in `end_date_min/max` windows, bisected until each fits under the cap, the way
 * the reference's R-SHIRLEY harvest did; the caller dedupes by market id. Markets without an
 * `endDate` cannot be reached by such windows: a split listing may miss them, and notes it.
 */
export async function listGammaMarkets(ctx: GammaListingContext, closed: boolean, onPage: (items: unknown[]) => Promise<boolean> | boolean): Promise<GammaListingResult> {
  const res: GammaListingResult = { complete: true, problems: [], notes: [], windows: 0, pages: 0 };
  const stack: Window[] = [{ min: null, max: null }];
  let stopped = false;
  while (stack.length > 0 && !stopped) {
    const w = stack.pop()!;
    res.windows++;
    const url = (offset: number, limit: number) => {
      const q = new URLSearchParams({ limit: String(limit), offset: String(offset), closed: String(closed), order: 'id', ascending: 'true' });
      if (w.min !== null) q.set('end_date_min', new Date(w.min).toISOString());
      if (w.max !== null) q.set('end_date_max', new Date(w.max).toISOString());
      return `${ctx.base}/markets?${q}`;
    };
    const walk = await pageOffsets(
      async (o, l) => (stopped ? [] : ctx.http.getJson(url(o, l))),
      ctx.paging,
      async (items) => {
        if (await onPage(items)) stopped = true;
      },
      { signal: ctx.signal, confirmEmpty: true },
    );
    res.pages += walk.pages;
    if (stopped) break;
    if (walk.falseEmpty > 0) ctx.note(`gamma: ${walk.falseEmpty} empty page(s) were not the end (a second request returned markets)`);
    if (walk.end === 'exhausted') continue;
    if (walk.end === 'malformed') {
      res.complete = false;
      res.problems.push(`gamma closed=${closed}: ${walk.detail}`);
      continue;
    }
    const lo = w.min ?? LO;
    const hi = w.max ?? HI;
    if (w.min === null) res.notes.push(`gamma closed=${closed}: past the offset cap the listing continued in end_date windows; markets without an endDate beyond the first ${walk.offset} cannot be reached that way`);
    if (hi - lo < 1000) {
      res.complete = false;
      res.problems.push(`gamma closed=${closed}: more than ${ctx.paging.cap} markets end at ${new Date(lo).toISOString()} (one second): the rest cannot be listed`);
      continue;
    }
    const mid = lo + Math.floor((hi - lo) / 2);
    ctx.note(`gamma closed=${closed}: offset cap ${ctx.paging.cap}${walk.refused ? ' (refused by the service)' : ''}; splitting end_date ${new Date(lo).toISOString()} – ${new Date(hi).toISOString()} at ${new Date(mid).toISOString()}`);
    stack.push({ min: mid + 1, max: hi }, { min: lo, max: mid });
  }
  return res;
}
