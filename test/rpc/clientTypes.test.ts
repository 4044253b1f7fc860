import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSmartCrowdClient } from '../../rpc/client.ts';

/** Never called: `npm run typecheck` proves wrong inputs do not compile. */
export function compileTimeChecks(url: string) {
  const sc = createSmartCrowdClient(url);
  // @ts-expect-error limit must be a number
  void sc.screener.list.query({ limit: 'ten' });
  // @ts-expect-error market_id is required
  void sc.markets.get.query({});
  // @ts-expect-error unknown engine parameter key
  void sc.pipeline.recompute.mutate({ params: { halfLifeHourz: 3 } });
  // @ts-expect-error no such procedure
  void sc.screener.delete.mutate();
  void sc.screener.list.query({ limit: 10, sort: 'confidence' });
}

describe('typed client', () => {
  it('imports the router as a type only, so no server code is loaded at run time', () => {
    const src = readFileSync(join(import.meta.dirname, '../../rpc/client.ts'), 'utf8');
    const valueImports = [...src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(valueImports).toEqual(['@trpc/client']);
    expect(src).toMatch(/import type \{ AppRouter \} from '\.\/router\.ts'/);
  });
});
