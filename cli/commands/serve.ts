import type { Command } from 'commander';
import { withDb } from '../common.ts';

/** `smartcrowd serve` — not implemented yet. */
export function registerServe(program: Command): void {
  withDb(program.command('serve').description('serve (not implemented yet)')).action(() => {
    throw Object.assign(new Error('serve is not implemented yet'), { exitCode: 1 });
  });
}
