import { Agent, request, errors as undiciErrors } from 'undici';
import { Semaphore, TokenBucket } from './rateLimiter.ts';

/** Fault kinds counted in system_metrics (name `polymarket.fault`). */
export type FaultKind = '429' | '5xx' | 'timeout' | 'network' | 'malformed_page' | 'malformed_item' | 'duplicate' | 'http_4xx';

/**
 * A request that failed after every retry (`SC_PM_GIVE_UP`, with the kind of the last fault), or
 * that cannot succeed (`SC_PM_UPSTREAM`: a 4xx other than 429, with its status).
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(readonly code: 'SC_PM_UPSTREAM' | 'SC_PM_GIVE_UP', message: string, readonly status?: number, readonly lastFault?: FaultKind) {
    super(message);
  }
}

/** One retry about to happen: why, which attempt, and how long the client waits first. */
export interface RetryNotice {
  url: string;
  kind: FaultKind;
  /** Human reason, e.g. `HTTP 429 (Retry-After 2)`. */
  reason: string;
  /** 1-based number of the attempt that failed, and the most there will be. */
  attempt: number;
  attempts: number;
  /** Wait before the next attempt, ms. */
  delayMs: number;
}

export interface HttpClientOptions {
  /** Keep-alive connections per origin. Default 4. */
  connections?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Token bucket: requests per second and burst. Default 15/s, burst 15 (the /trades limit is 200 per 10 s). */
  ratePerSecond?: number;
  burst?: number;
  /** Headers and body timeouts, ms. Default 20 000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 6. */
  maxRetries?: number;
  /** Backoff base and cap, ms: delay = min(cap, base·2^attempt) + jitter·base. Default 250 / 20 000. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Jitter source in [0, 1); injectable for tests. */
  random?: () => number;
  /** Called once per fault (a retried failure counts each time). */
  onFault?: (kind: FaultKind, detail: string) => void;
  /** Called before each back-off with the reason and the delay. */
  onRetry?: (notice: RetryNotice) => void;
  /** Stop retrying and fail fast when aborted. */
  signal?: AbortSignal;
}

/**
 * JSON over HTTP for Polymarket's public APIs: one undici Agent with keep-alive and bounded
 * connections, a token-bucket rate limiter, bounded concurrency, timeouts, and retries with
 * exponential backoff and jitter on 429, 5xx, timeouts, connection errors and unparseable bodies,
 * honouring `Retry-After` (seconds or an HTTP date). Every fault is reported to `onFault`, every
 * back-off (with its reason and delay) to `onRetry`.
 */
export class PolymarketHttp {
  private readonly agent: Agent;
  private readonly bucket: TokenBucket;
  private readonly sem: Semaphore;
  private readonly o: Required<Omit<HttpClientOptions, 'signal' | 'onFault' | 'onRetry'>> & Pick<HttpClientOptions, 'signal' | 'onFault' | 'onRetry'>;

  constructor(opts: HttpClientOptions = {}) {
    this.o = {
      connections: 4, concurrency: 4, ratePerSecond: 15, burst: 15, timeoutMs: 20_000, maxRetries: 6, baseDelayMs: 250, maxDelayMs: 20_000,
      random: Math.random, ...opts,
    };
    for (const [k, v] of Object.entries(this.o)) {
      if (typeof v === 'number' && !(v >= 0)) throw new RangeError(`${k} must be a non-negative number, got ${v}`);
    }
    this.agent = new Agent({ connections: this.o.connections, keepAliveTimeout: 10_000, headersTimeout: this.o.timeoutMs, bodyTimeout: this.o.timeoutMs });
    this.bucket = new TokenBucket(this.o.ratePerSecond, this.o.burst);
    this.sem = new Semaphore(this.o.concurrency);
  }

  private fault(kind: FaultKind, detail: string): void {
    this.o.onFault?.(kind, detail);
  }

  private delay(attempt: number, retryAfter: string | string[] | undefined): number {
    const ra = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
    if (ra) {
      const secs = Number(ra);
      const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(ra) - Date.now();
      if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, this.o.maxDelayMs);
    }
    return Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** attempt) + this.o.random() * this.o.baseDelayMs;
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.o.signal;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(t);
        reject(signal!.reason ?? new Error('aborted'));
      };
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * GET `url` and parse its JSON body, retrying transient failures.
   * @throws UpstreamError: `SC_PM_UPSTREAM` with the status for a 4xx other than 429 (not retried),
   *   `SC_PM_GIVE_UP` with the last fault's kind once every attempt failed.
   */
  async getJson(url: string): Promise<unknown> {
    return this.sem.run(async () => {
      let last = '';
      let lastKind: FaultKind = 'network';
      const attempts = this.o.maxRetries + 1;
      for (let attempt = 0; attempt <= this.o.maxRetries; attempt++) {
        this.o.signal?.throwIfAborted();
        await this.bucket.take();
        let retryAfter: string | string[] | undefined;
        let reason = '';
        try {
          const res = await request(url, { method: 'GET', dispatcher: this.agent, headers: { accept: 'application/json' }, signal: this.o.signal });
          if (res.statusCode === 429 || res.statusCode >= 500) {
            await res.body.dump();
            lastKind = res.statusCode === 429 ? '429' : '5xx';
            retryAfter = res.headers['retry-after'];
            reason = `HTTP ${res.statusCode}${retryAfter !== undefined ? ` (Retry-After ${String(retryAfter)})` : ''}`;
            last = `HTTP ${res.statusCode} from ${url}`;
            this.fault(lastKind, last);
          } else if (res.statusCode >= 400) {
            await res.body.dump();
            this.fault('http_4xx', `HTTP ${res.statusCode} from ${url}`);
            throw new UpstreamError('SC_PM_UPSTREAM', `HTTP ${res.statusCode} from ${url}`, res.statusCode);
          } else {
            const text = await res.body.text();
            try {
              return JSON.parse(text) as unknown;
            } catch {
              lastKind = 'malformed_page';
              reason = `unparseable JSON (${text.length} bytes)`;
              last = `${reason} from ${url}`;
              this.fault(lastKind, last);
            }
          }
        } catch (err) {
          if (err instanceof UpstreamError) throw err;
          if (this.o.signal?.aborted) throw err;
          const timeout = err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError;
          lastKind = timeout ? 'timeout' : 'network';
          const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
          reason = `${timeout ? 'timeout' : 'network error'}: ${(err as Error).message}${cause && !(err as Error).message.includes(cause) ? ` (${cause})` : ''}`;
          last = `${reason} (${url})`;
          this.fault(lastKind, last);
        }
        if (attempt < this.o.maxRetries) {
          const delayMs = this.delay(attempt, retryAfter);
          this.o.onRetry?.({ url, kind: lastKind, reason, attempt: attempt + 1, attempts, delayMs });
          await this.sleep(delayMs);
        }
      }
      throw new UpstreamError('SC_PM_GIVE_UP', `gave up after ${attempts} attempts: ${last}`, undefined, lastKind);
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
