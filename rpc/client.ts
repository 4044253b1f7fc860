import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from './router.ts';

export type { AppRouter } from './router.ts';

/**
 * A fully typed client of a SmartCrowd server (`smartcrowd serve`), e.g.
 * `const sc = createSmartCrowdClient('http://127.0.0.1:8000'); await sc.screener.list.query({ limit: 10 })`.
 * Imports the router's type only: no server code is loaded. Pass `token` when the server is not
 * on loopback (mutations need it).
 */
export function createSmartCrowdClient(url: string, opts: { token?: string } = {}) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${url.replace(/\/$/, '')}/trpc`,
        // The server refuses batches of more calls than this (rpc/server.ts MAX_BATCH_SIZE).
        maxItems: 20,
        headers: () => (opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
      }),
    ],
  });
}

export type SmartCrowdClient = ReturnType<typeof createSmartCrowdClient>;
