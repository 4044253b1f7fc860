import { describe, expect, it } from 'vitest';
import { runSweepPool } from '../../services/sweepPool.ts';
import { gridParams, runSweep } from '../../engine/sweep.ts';
import { loadTape } from '../../store/tapeLoader.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';

describe('sweep across worker threads', () => {
  it('gives exactly the serial results, in input order', async () => {
    const { db, path } = openSmallWorld();
    const sets = gridParams({}, { halfLifeHours: [6, 24, 96], priorStrength: [2, 16] });
    const serial = runSweep(loadTape(db), sets);
    const progress: number[] = [];
    const parallel = await runSweepPool(path, sets, { threads: 2, onProgress: (d) => progress.push(d) });
    expect(parallel).toEqual(serial);
    expect(progress.at(-1)).toBe(6);
  });
});
