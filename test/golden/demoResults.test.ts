import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoResultHashes } from './demoResultHashes.ts';

/** Fingerprints computed on the code before the refactor (see its `about`). */
const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'demoResults.json'), 'utf8')) as Awaited<ReturnType<typeof demoResultHashes>>;

describe('demo world results', () => {
  it('snapshots, wallet weights and metrics, backtest rows and the backtest report are byte-identical to the committed fingerprints (same data, same params)', async () => {
    const now = await demoResultHashes();
    expect(now.counts.smartcrowd_snapshots).toBeGreaterThan(0);
    expect(now.counts.market_backtests).toBeGreaterThan(0);
    expect({ params_hash: now.params_hash, as_of: now.as_of, counts: now.counts, sha256: now.sha256 }).toEqual({
      params_hash: golden.params_hash,
      as_of: golden.as_of,
      counts: golden.counts,
      sha256: golden.sha256,
    });
  });
});
