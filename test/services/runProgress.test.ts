/**
 * Long runs report progress twice through one callback (RunsRepo.track): on their pipeline_runs
 * row, which `/ops/runs` shows while they run, and to the caller (the CLI's progress line) — the
 * same fractions and messages, non-decreasing, ending at 1.
 */
import { describe, expect, it } from 'vitest';
import { openSmallWorld } from '../helpers/smallWorld.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { runBacktest } from '../../services/backtest.ts';
import { runTune } from '../../services/tune.ts';
import { defaultParams } from '../../engine/params.ts';
import { RunsRepo } from '../../store/runsRepo.ts';

describe('run progress', () => {
  const { db, asOf } = openSmallWorld();
  const runs = new RunsRepo(db);

  for (const [kind, run] of [
    ['pipeline', (onProgress: (f: number, m: string) => void) => runPipeline(db, { params: defaultParams, asOf, onProgress })],
    ['backtest', (onProgress: (f: number, m: string) => void) => runBacktest(db, { params: defaultParams, onProgress })],
    ['tune', (onProgress: (f: number, m: string) => void) => runTune(db, { grid: { trustThreshold: [0.5, 1] }, folds: 2, onProgress })],
  ] as const) {
    it(`a ${kind} reports the same progress to its caller and to its run row`, async () => {
      const seen: { f: number; m: string; row: { progress: number; message: string | null } }[] = [];
      await run((f, m) => {
        const row = runs.list({ kind })[0]!;
        seen.push({ f, m, row: { progress: row.progress, message: row.message } });
      });
      expect(seen.length).toBeGreaterThan(2);
      for (const s of seen) expect(s.row).toEqual({ progress: s.f, message: s.m });
      expect(seen.map((s) => s.f)).toEqual([...seen.map((s) => s.f)].sort((a, b) => a - b));
      expect(seen.at(-1)!.f).toBe(1);
    });
  }
});
