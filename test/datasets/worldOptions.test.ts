import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../datasets/generator/generateWorld.ts';
import { resolveWorldOptions, WorldOptionsError } from '../../datasets/generator/worldOptions.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'sc-world-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('world options', () => {
  it('an unknown key is an error that names it', () => {
    expect(() => resolveWorldOptions({ marketz: 3 } as never)).toThrow(WorldOptionsError);
    expect(() => resolveWorldOptions({ marketz: 3 } as never)).toThrow(/marketz/);
  });

  it('an unparseable base time and kind shares leaving no noise traders are errors', () => {
    expect(() => resolveWorldOptions({ baseTime: 'yesterday' })).toThrow(/baseTime/);
    expect(() => resolveWorldOptions({ skilledShare: 0.5, momentumShare: 0.5 })).toThrow(/shares/);
  });

  it('the base time moves the whole world and now is base + spanDays', () => {
    const w = generateWorld({ markets: 5, wallets: 40, tradesPerMarket: 20, baseTime: '2024-06-01T00:00:00Z', spanDays: 90 });
    expect(w.baseTime).toBe(Date.parse('2024-06-01T00:00:00Z'));
    expect(w.now).toBe(Date.parse('2024-08-30T00:00:00Z'));
    expect(w.truth.now).toBe('2024-08-30T00:00:00.000Z');
    for (const t of w.trades) {
      expect(t.ts).toBeGreaterThanOrEqual(w.baseTime);
      expect(t.ts).toBeLessThanOrEqual(w.now);
    }
  });
});

describe('the generator CLI', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'datasets/generator/cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('writes a world, reports progress on stderr and the result as JSON on stdout', () => {
    const out = join(tmp, 'w');
    const r = run(['--out', out, '--seed', '5', '--markets', '12', '--wallets', '60', '--trades-per-market', '30', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/wrote 12 markets/);
    const result = JSON.parse(r.stdout);
    expect(result.counts.markets).toBe(12);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(truth.seed).toBe(5);
    expect(truth.counts.trades).toBe(result.counts.trades);
  });

  it('bad options exit 2 with a message naming the option', () => {
    const r = run(['--out', join(tmp, 'x'), '--markets', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/markets/);
    expect(run(['--out', join(tmp, 'x'), '--seed', 'abc']).status).toBe(2);
  });
});
