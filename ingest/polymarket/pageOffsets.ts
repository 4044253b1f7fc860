import { UpstreamError } from './httpClient.ts';

/**
 * What paging has learned about one offset-paged endpoint (Gamma `/markets`, Data API `/trades`),
 * shared by every window and chunk of a run. Polymarket clamps `limit` silently and refuses
 * offsets past a cap that has moved over time (reference §1, §3), so both are learned, not assumed.
 */
export class PagingState {
  /** Largest page the service has served: its effective page size once it clamps; null before the first non-empty page. */
  served: number | null = null;
  /** Offsets at or past this are not requested: the configured cap, lowered to the first offset the service refused. */
  cap: number;
  /** The offset at which the service answered 400/422, when it did. */
  refusedAt: number | null = null;
  /** Set once a listing served rows out of its documented order (newest first): windows are then bisected, never cut at the oldest row seen. */
  unordered = false;
  /** Set once the service showed that it serves rows strictly before `end` (the reference does not say which). */
  endExclusive = false;

  constructor(
    /** Page size asked for (`limit`). */
    readonly asked: number,
    /** Configured offset cap. */
    readonly configuredCap: number,
  ) {
    if (!(asked >= 1)) throw new RangeError(`page size must be ≥ 1, got ${asked}`);
    if (!(configuredCap >= 1)) throw new RangeError(`offset cap must be ≥ 1, got ${configuredCap}`);
    this.cap = configuredCap;
  }

  /** True once the service has served fewer rows per page than asked for. */
  get clamped(): boolean {
    return this.served !== null && this.served < this.asked;
  }

  observe(pageLength: number): void {
    if (this.served === null || pageLength > this.served) this.served = pageLength;
  }

  refuse(offset: number): void {
    this.refusedAt = this.refusedAt === null ? offset : Math.min(this.refusedAt, offset);
    this.cap = Math.min(this.cap, offset);
  }
}

/** How one window's offset walk ended. */
export type WindowEnd =
  /** An empty page (confirmed by a second request): every row of the window was listed. */
  | { end: 'exhausted' }
  /** The next offset is past the cap (configured, or a 400/422 just now): the window needs narrowing. */
  | { end: 'capped'; offset: number; refused: boolean }
  /** The service kept answering something that is not a JSON array. */
  | { end: 'malformed'; offset: number; detail: string };

export interface PageOffsetsOptions {
  /** Re-request an empty page once before believing it (default true): an empty page is the only end there is. */
  confirmEmpty?: boolean;
  /** Re-requests of a page whose body is not an array before giving up on the window (default 2). */
  malformedRetries?: number;
  signal?: AbortSignal;
}

export interface WindowStats {
  pages: number;
  rows: number;
  /** Empty pages that a second request showed were not the end. */
  falseEmpty: number;
}

/**
 * Walks one listing window by offset. The offset advances by the rows actually served (at most the
 * page size asked), so a silently clamped page is never mistaken for the end and never leaves a
 * gap; only an empty page ends the
 * window. A 400/422 at an offset > 0 is read as the offset cap (learned into `state`); at offset 0
 * it is a real error and thrown. `onPage` gets every non-empty page with its offset.
 */
export async function pageOffsets(
  fetchPage: (offset: number, limit: number) => Promise<unknown>,
  state: PagingState,
  onPage: (items: unknown[], offset: number) => void | Promise<void>,
  opts: PageOffsetsOptions = {},
): Promise<WindowEnd & WindowStats> {
  const confirm = opts.confirmEmpty ?? true;
  const retries = opts.malformedRetries ?? 2;
  const stats: WindowStats = { pages: 0, rows: 0, falseEmpty: 0 };
  let offset = 0;
  let malformed = 0;
  let emptyOnce = false;
  for (;;) {
    opts.signal?.throwIfAborted();
    if (offset >= state.cap) return { end: 'capped', offset, refused: false, ...stats };
    let page: unknown;
    try {
      page = await fetchPage(offset, state.asked);
    } catch (err) {
      if (err instanceof UpstreamError && err.code === 'SC_PM_UPSTREAM' && (err.status === 400 || err.status === 422) && offset > 0) {
        state.refuse(offset);
        return { end: 'capped', offset, refused: true, ...stats };
      }
      throw err;
    }
    if (!Array.isArray(page)) {
      if (++malformed > retries) return { end: 'malformed', offset, detail: `not a JSON array at offset ${offset} (${describe(page)})`, ...stats };
      continue;
    }
    malformed = 0;
    if (page.length === 0) {
      if (confirm && !emptyOnce) {
        emptyOnce = true;
        continue;
      }
      return { end: 'exhausted', ...stats };
    }
    if (emptyOnce) stats.falseEmpty++;
    emptyOnce = false;
    state.observe(page.length);
    stats.pages++;
    stats.rows += page.length;
    await onPage(page, offset);
    // By what was served (a clamp is not a gap), but never past what was asked: a page longer than
    // `limit` would otherwise step over rows; overlap only repeats rows, which callers drop.
    offset += Math.min(page.length, state.asked);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
