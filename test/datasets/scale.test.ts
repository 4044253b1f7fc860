import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeWorldCsv } from '../../datasets/generator/writeWorldCsv.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sc-world-scale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Lines in a file, counted in 1 MB chunks (the file is too big to want as one string). */
function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  let n = 0;
  for (let read; (read = readSync(fd, buf, 0, buf.length, null)) > 0; ) for (let i = 0; i < read; i++) if (buf[i] === 10) n++;
  closeSync(fd);
  return n;
}

describe('writing a large world', () => {
  it('streams ~200k fills to disk in bounded time, with progress reports', () => {
    const progress: number[] = [];
    const started = performance.now();
    const r = writeWorldCsv(tmp, { seed: 3, markets: 1000, wallets: 10_000, tradesPerMarket: 230 }, { onProgress: (p) => progress.push(p.marketsDone) });
    const seconds = (performance.now() - started) / 1000;
    expect(r.counts.trades).toBeGreaterThan(150_000);
    expect(r.counts.trades).toBeLessThan(300_000);
    expect(seconds).toBeLessThan(10);
    expect(countLines(r.files.trades)).toBe(r.counts.trades + 1);
    expect(countLines(r.files.markets)).toBe(1001);
    expect(statSync(r.files.trades).size).toBe(r.bytes.trades);
    expect(progress.length).toBeGreaterThanOrEqual(10);
    expect(progress.at(-1)).toBe(1000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
