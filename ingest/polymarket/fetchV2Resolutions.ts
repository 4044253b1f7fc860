import { UpstreamError, type PolymarketHttp } from './httpClient.ts';
import { V2Page, V2Resolution } from './schemas.ts';

/** Condition ids per `/v2/resolutions` request (the v2 `condition` selector takes at most 20). */
const BATCH = 20;

/**
 * Resolution state of markets from Data API v2 `GET /v2/resolutions?condition=…` (reference §2,
 * R-PYSDK-RES; documented at docs.polymarket.com "Get resolution state"), keyed by lower-cased
 * condition id. Best effort: a request that fails (a 4xx, or a failure after the client's retries)
 * is noted and ends the lookups; the caller keeps Gamma's reading for the markets not answered.
 */
export async function fetchV2Resolutions(
  http: PolymarketHttp, base: string, conditionIds: readonly string[], note: (message: string) => void, signal?: AbortSignal,
): Promise<Map<string, V2Resolution>> {
  const out = new Map<string, V2Resolution>();
  for (let i = 0; i < conditionIds.length; i += BATCH) {
    signal?.throwIfAborted();
    const q = new URLSearchParams({ condition: conditionIds.slice(i, i + BATCH).join(',') });
    let body: unknown;
    try {
      body = await http.getJson(`${base}/v2/resolutions?${q}`);
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      note(`resolutions: /v2/resolutions failed (${err.message}); not asked again this run`);
      break;
    }
    const env = V2Page.safeParse(body);
    const rows = env.success ? env.data.data ?? [] : Array.isArray(body) ? body : null;
    if (rows === null) {
      note('resolutions: /v2/resolutions answered something other than {data: [...]}; skipped');
      continue;
    }
    for (const raw of rows) {
      const r = V2Resolution.safeParse(raw);
      if (r.success) out.set(r.data.condition_id.toLowerCase(), r.data);
    }
  }
  return out;
}
