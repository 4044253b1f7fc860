import type { Command } from 'commander';
import { withDb } from '../common.ts';

/** `smartcrowd backtest` — not implemented yet. */
export function registerBacktest(program: Command): void {
  withDb(program.command('backtest').description('backtest (not implemented yet)')).action(() => {
    throw Object.assign(new Error('backtest is not implemented yet'), { exitCode: 1 });
  });
}
