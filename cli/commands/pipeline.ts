import type { Command } from 'commander';
import { withDb } from '../common.ts';

/** `smartcrowd pipeline` — not implemented yet. */
export function registerPipeline(program: Command): void {
  withDb(program.command('pipeline').description('pipeline (not implemented yet)')).action(() => {
    throw Object.assign(new Error('pipeline is not implemented yet'), { exitCode: 1 });
  });
}
