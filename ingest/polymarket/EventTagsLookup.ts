import { UpstreamError, type PolymarketHttp } from './httpClient.ts';
import { GammaEvent, type GammaMarket, type GammaTag } from './schemas.ts';

/** Event ids per Gamma `/events` request (the reference caps id batches at ~400 and URLs at ~8 KB). */
const BATCH = 50;

/**
 * Looks up the tags of markets' events on Gamma `GET /events?id=…&closed=…` (markets carry their
 * events' ids but not their tags), cached per run. `closed` is sent explicitly, grouped by each
 * event's own flag, because a Gamma filter without it silently behaves as `closed=false`; ids a
 * lookup misses are tried once with the other value. Best effort: a request that fails (a 4xx such
 * as a service without `/events`, or a failure after the client's retries) turns lookups off for
 * the run, and the markets whose tags are unknown (`undefined`) keep what the caller had.
 */
export class EventTagsLookup {
  private readonly tags = new Map<string, GammaTag[]>();
  private readonly missing = new Set<string>();
  private disabled: string | null = null;
  /** Requests that failed after their retries. */
  failures = 0;

  constructor(
    private readonly http: PolymarketHttp,
    private readonly base: string,
    private readonly note: (message: string) => void,
  ) {}

  /** Why lookups are off for this run, or null. */
  get disabledReason(): string | null {
    return this.disabled;
  }

  /**
   * Tags per market (key: lower-cased conditionId): its events' tags in event order; `[]` when its
   * events have none or are unknown to Gamma; `undefined` when a lookup failed or lookups are off.
   * Tags already embedded in a market's events are used as they are.
   */
  async forMarkets(markets: readonly GammaMarket[]): Promise<Map<string, GammaTag[] | undefined>> {
    const want = new Map<string, boolean>(); // event id → closed flag to ask with
    for (const m of markets) {
      for (const e of m.events ?? []) {
        if (!e.id || e.tags?.length || this.tags.has(e.id) || this.missing.has(e.id)) continue;
        want.set(e.id, e.closed ?? m.closed ?? false);
      }
    }
    const failed = new Set<string>();
    if (want.size > 0 && this.disabled === null) {
      for (const closed of [false, true]) {
        const ids = [...want].filter(([, c]) => c === closed).map(([id]) => id);
        await this.fetch(ids, closed, failed);
      }
      const retry = [...want.keys()].filter((id) => !this.tags.has(id) && !failed.has(id));
      for (const closed of [false, true]) await this.fetch(retry.filter((id) => want.get(id) !== closed), closed, failed);
      for (const id of retry) if (!this.tags.has(id) && !failed.has(id)) this.missing.add(id);
    }
    const out = new Map<string, GammaTag[] | undefined>();
    for (const m of markets) {
      const id = m.conditionId.toLowerCase();
      const events = m.events ?? [];
      let tags: GammaTag[] | undefined = [];
      for (const e of events) {
        if (e.tags?.length) tags!.push(...e.tags);
        else if (e.id && this.tags.has(e.id)) tags!.push(...this.tags.get(e.id)!);
        else if (e.id && !this.missing.has(e.id)) {
          tags = undefined; // failed, or lookups are off
          break;
        }
      }
      out.set(id, tags);
    }
    return out;
  }

  private async fetch(ids: readonly string[], closed: boolean, failed: Set<string>): Promise<void> {
    for (let i = 0; i < ids.length && this.disabled === null; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const q = new URLSearchParams();
      for (const id of batch) q.append('id', id);
      q.set('closed', String(closed));
      q.set('limit', String(batch.length));
      let body: unknown;
      try {
        body = await this.http.getJson(`${this.base}/events?${q}`);
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        // Categories are best effort: one failure (after the client's retries) ends lookups for the run.
        this.failures++;
        this.disabled = err.code === 'SC_PM_UPSTREAM' ? `Gamma /events answered ${err.message}` : `Gamma /events failed: ${err.message}`;
        this.note(`categories: ${this.disabled}; event tags are not looked up again this run (markets keep their stored category)`);
        for (const id of batch) failed.add(id);
        continue;
      }
      if (!Array.isArray(body)) {
        this.failures++;
        for (const id of batch) failed.add(id);
        continue;
      }
      for (const raw of body) {
        const e = GammaEvent.safeParse(raw);
        if (e.success) this.tags.set(e.data.id, e.data.tags ?? []);
      }
    }
  }
}
