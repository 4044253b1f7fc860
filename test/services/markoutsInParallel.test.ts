import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { computeMarkouts, type Markouts } from '../../engine/markouts.ts';
import { defaultParams, parseParams } from '../../engine/params.ts';
import { buildTape } from '../../engine/tape.ts';
import { openDatabase } from '../../store/db.ts';
import { loadTape } from '../../store/tapeLoader.ts';
import { ingestCsv } from '../../ingest/csv.ts';
import { writeWorldCsv } from '../../datasets/generator/index.ts';
import { MarkoutsHelper } from '../../services/markoutsInParallel.ts';
import { walkForward } from '../../engine/backtest.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

function expectSame(a: Markouts | undefined, b: Markouts): void {
  expect(a).toBeDefined();
  expect(a!.nClusters).toBe(b.nClusters);
  expect(a!.hours).toBe(b.hours);
  expect(a!.reference).toBe(b.reference);
  expect(Buffer.from(a!.value.buffer).equals(Buffer.from(b.value.buffer))).toBe(true);
  expect(Buffer.from(a!.cluster.buffer).equals(Buffer.from(b.cluster.buffer))).toBe(true);
}

/** A generated world (seed 5) in a file-backed store, its tape loaded on two threads (columns in shared memory). */
async function sharedTape() {
  const dir = mkdtempSync(join(tmpdir(), 'sc-markouts-par-'));
  const w = writeWorldCsv(join(dir, 'w'), { seed: 5, markets: 80, wallets: 300, tradesPerMarket: 100, spanDays: 90 });
  const db = openDatabase(tempDbPath('sc-markouts-par-'));
  await ingestCsv(db, { markets: w.files.markets, trades: w.files.trades, outcomes: w.files.outcomes }, { record: false });
  return { db, tape: loadTape(db, { parallel: true, file: false }) };
}

describe('markouts on a second thread', () => {
  it('are exactly the markouts computed on one thread, for each horizon and reference', async () => {
    const { db, tape } = await sharedTape();
    expect(tape.ts.buffer).toBeInstanceOf(SharedArrayBuffer);
    const helper = MarkoutsHelper.start();
    try {
      for (const p of [defaultParams, parseParams({ markoutHours: 2, skillReference: 'fill' })]) {
        expectSame(await helper.compute(tape, p), computeMarkouts(tape, p.markoutHours, p.skillReference));
      }
      expect(await helper.compute(tape, parseParams({ markoutHours: 0 }))).toBeUndefined();
    } finally {
      helper.close();
      db.close();
    }
  }, 60_000);

  it('leave the tape to the engine when its columns are not in shared memory', async () => {
    const helper = MarkoutsHelper.start();
    try {
      const tape = buildTape({ trades: [{ external_id: 'e', market_id: 'm', wallet: 'w', ts: 1, side: 'YES', action: 'BUY', price: 0.5, size: 1 }] });
      expect(await helper.compute(tape, defaultParams)).toBeUndefined();
    } finally {
      helper.close();
    }
  });

  it('are computed here, the same, when the worker fails its half; none are given once it has exited', async () => {
    const { db, tape } = await sharedTape();
    const helper = MarkoutsHelper.start();
    const worker = (helper as unknown as { worker: { postMessage(m: unknown): void; terminate(): Promise<number> } }).worker;
    try {
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (job) => post({ ...(job as object), tape: null }); // the worker throws on this job
      expectSame(await helper.compute(tape, defaultParams), computeMarkouts(tape, defaultParams.markoutHours, defaultParams.skillReference));
      await worker.terminate();
      expect(await helper.compute(tape, defaultParams)).toBeUndefined(); // the engine computes them itself
    } finally {
      helper.close();
      db.close();
    }
  }, 60_000);

  it('a walk-forward pass given them gives the same rows as one that computes them, and uses what it is given', async () => {
    const { db, tape } = await sharedTape();
    const helper = MarkoutsHelper.start();
    try {
      const markouts = await helper.compute(tape, defaultParams);
      const alone = JSON.stringify(walkForward(tape, defaultParams).rows);
      expect(JSON.stringify(walkForward(tape, defaultParams, { markouts }).rows)).toBe(alone);
      // Markouts of other values, same horizon and reference: used, so the rows change.
      const other = { ...markouts!, value: markouts!.value.map((v) => -v) };
      expect(JSON.stringify(walkForward(tape, defaultParams, { markouts: other }).rows)).not.toBe(alone);
      // Of another horizon: not used (computed again), so the rows stay.
      expect(JSON.stringify(walkForward(tape, defaultParams, { markouts: { ...other, hours: other.hours + 1 } }).rows)).toBe(alone);
    } finally {
      helper.close();
      db.close();
    }
  }, 60_000);
});
