import type { Command } from 'commander';
import { withDb } from '../common.ts';

/** `smartcrowd demo` — not implemented yet. */
export function registerDemo(program: Command): void {
  withDb(program.command('demo').description('demo (not implemented yet)')).action(() => {
    throw Object.assign(new Error('demo is not implemented yet'), { exitCode: 1 });
  });
}
