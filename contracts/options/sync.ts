import { z } from 'zod';
import { nonNegativeInt, nonNegativeNumber, positiveInt } from './fields.ts';

/** The sync worker's schedule (CLI `sync`; env SMARTCROWD_SYNC_*): every default is here. */
export const SyncOptions = z.strictObject({
  /** Pause between cycles, seconds. */
  intervalSeconds: nonNegativeNumber().max(7 * 24 * 3600).default(300),
  /** Run a walk-forward backtest every K cycles; 0 = never. */
  runBacktestEveryCycles: nonNegativeInt().max(1_000_000).default(0),
  /** Stop after this many cycles; default: run until stopped. */
  cycles: positiveInt().optional(),
});
export type SyncOptions = z.output<typeof SyncOptions>;
export type SyncOptionsInput = z.input<typeof SyncOptions>;
