import type { Command } from 'commander';
import { PipelineResult } from '../../contracts/pipeline.ts';
import { isoOf } from '../../domain/instant.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { log, parseTimeOption, printJson, readParams, withDb, withParams } from '../common.ts';
import { openExistingStore } from '../../services/database.ts';
import { progressReporter } from '../progress.ts';

/** `smartcrowd pipeline`: recompute wallet metrics, weights and snapshots as of the newest trade in the store (or `--as-of`). */
export function registerPipeline(program: Command): void {
  withParams(
    withDb(
      program
        .command('pipeline')
        .description('recompute wallet metrics, trust weights and SmartCrowd snapshots as of a time, and record the run')
        .option('--as-of <time>', 'compute as of this instant (ISO 8601, epoch s or ms); default: the newest trade in the store')
        .option('--json', 'print one JSON document (the run result) on stdout'),
    ),
  ).action(async (opts: { db: string; params?: string; asOf?: string; json?: boolean }) => {
    const params = readParams(opts.params);
    const asOf = opts.asOf ? parseTimeOption('--as-of', opts.asOf) : undefined;
    const db = openExistingStore(opts.db);
    try {
      const progress = progressReporter({ label: 'pipeline', quiet: opts.json, log });
      const res = await runPipeline(db, { params, asOf, onProgress: (f, msg) => progress.update({ fraction: f, note: msg }) });
      progress.finish();
      if (opts.json) printJson(PipelineResult, res);
      else {
        const c = res.counts;
        process.stdout.write(
          `pipeline run ${res.run_id} as of ${isoOf(res.as_of)} (params ${res.params_hash}) in ${res.duration_ms} ms\n` +
            `  trades ${c.trades}, markets ${c.markets}, resolved markets seen ${c.resolved_markets}\n` +
            `  wallet metrics ${c.wallet_metrics}, wallet weights ${c.wallet_weights}, snapshots ${c.snapshots}\n`,
        );
      }
    } finally {
      db.close();
    }
  });
}
