import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MARKETS_HEADER, OUTCOMES_HEADER, TRADES_HEADER, marketLine, outcomeLine, tradeLine } from '../../datasets/generator/csvLines.ts';
import { DEMO_WORLD_DIR, DEMO_WORLD_OPTIONS } from '../../datasets/generator/demoWorldOptions.ts';
import { generateWorld } from '../../datasets/generator/generateWorld.ts';
import { WORLD_FILES, writeWorldCsv } from '../../datasets/generator/writeWorldCsv.ts';
import { fileSha256 } from './readWorldDir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SMALL = { markets: 40, wallets: 120, tradesPerMarket: 60 };
const tmp = mkdtempSync(join(tmpdir(), 'sc-world-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const hashes = (dir: string) => Object.fromEntries(Object.values(WORLD_FILES).map((f) => [f, fileSha256(join(dir, f))]));

describe('synthetic world determinism', () => {
  it('the same seed and options give byte-identical files', () => {
    writeWorldCsv(join(tmp, 'a'), { ...SMALL, seed: 7 });
    writeWorldCsv(join(tmp, 'b'), { ...SMALL, seed: 7 });
    expect(hashes(join(tmp, 'b'))).toEqual(hashes(join(tmp, 'a')));
  });

  it('a different seed gives different markets, fills and truth', () => {
    writeWorldCsv(join(tmp, 'c'), { ...SMALL, seed: 8 });
    const a = hashes(join(tmp, 'a'));
    const c = hashes(join(tmp, 'c'));
    for (const f of ['markets.csv', 'trades.csv', 'outcomes.csv', 'truth.json']) expect(c[f]).not.toBe(a[f]);
  });

  it('generateWorld holds exactly what writeWorldCsv writes', () => {
    const world = generateWorld({ ...SMALL, seed: 7 });
    const dir = join(tmp, 'a');
    expect(readFileSync(join(dir, 'markets.csv'), 'utf8')).toBe(MARKETS_HEADER + world.markets.map(marketLine).join(''));
    expect(readFileSync(join(dir, 'trades.csv'), 'utf8')).toBe(TRADES_HEADER + world.trades.map(tradeLine).join(''));
    expect(readFileSync(join(dir, 'outcomes.csv'), 'utf8')).toBe(OUTCOMES_HEADER + world.outcomes.map(outcomeLine).join(''));
    expect(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'))).toEqual(world.truth);
  });

  it('the committed demo in datasets/demo is what the generator writes for DEMO_WORLD_OPTIONS', () => {
    const dir = join(tmp, 'demo');
    writeWorldCsv(dir, DEMO_WORLD_OPTIONS);
    expect(hashes(join(ROOT, DEMO_WORLD_DIR))).toEqual(hashes(dir));
  });

  it('external ids are syn-<seed>-<n>, numbered from 1 in file order', () => {
    const world = generateWorld({ ...SMALL, seed: 7 });
    world.trades.forEach((t, i) => expect(t.external_id).toBe(`syn-7-${i + 1}`));
  });
});
