import type { Command } from 'commander';
import { withDb } from '../common.ts';

/** `smartcrowd sync` — not implemented yet. */
export function registerSync(program: Command): void {
  withDb(program.command('sync').description('sync (not implemented yet)')).action(() => {
    throw Object.assign(new Error('sync is not implemented yet'), { exitCode: 1 });
  });
}
