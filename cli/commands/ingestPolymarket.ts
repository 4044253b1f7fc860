import type { Command } from 'commander';
import { PolymarketFilesReport, PolymarketIngestCliReport } from '../../contracts/ingest.ts';
import { UsageError } from '../errors.ts';
import { IncompleteIngestError, ingestLive } from '../../services/liveIngest.ts';
import { loadPolymarketFiles } from '../../services/polymarketFiles.ts';
import { openStore } from '../../services/database.ts';
import { log, printJson, readParams, withDb, withParams } from '../common.ts';
import { polymarketIngestOptions, withPolymarketOptions, type PolymarketCliOptions } from '../polymarketOptions.ts';

/** `smartcrowd ingest polymarket`: live ingestion from Polymarket's public APIs. */
export function registerIngestPolymarket(ingest: Command): void {
  withParams(
    withDb(
      withPolymarketOptions(
        ingest
          .command('polymarket')
          .description(
            'ingest markets, outcomes and trades (makers and takers) from Polymarket (Gamma + Data API), resuming from per-market checkpoints; ' +
              'exits 1 when the upstream fails or when some listing could not be completed (the markets are named; their checkpoints stay put)',
          )
          .option('--run-backtest', 'then run the pipeline (as of the newest trade) and a walk-forward backtest')
          .option('--json', 'print one JSON document (the ingest report) on stdout'),
      ),
    ),
  ).action(async (opts: PolymarketCliOptions & { db: string; params?: string; runBacktest?: boolean; json?: boolean }) => {
    const params = readParams(opts.params);
    const choices = polymarketIngestOptions(opts);
    const db = openStore(opts.db);
    const ac = new AbortController();
    const stop = () => {
      log('stopping after the current transaction…');
      ac.abort(new Error('interrupted'));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const { ingest: report, pipeline, backtest } = await ingestLive(db, {
        ingest: { ...choices, params, signal: ac.signal, onProgress: log },
        refresh: opts.runBacktest ? { backtest: true, notReady: 'fail', onProgress: (step, f, m) => log(`${step} ${(f * 100).toFixed(0)}% ${m}`) } : undefined,
      });
      if (opts.json) printJson(PolymarketIngestCliReport, { ...report, pipeline_run_id: pipeline?.run_id ?? null, backtest: backtest ? { run_id: backtest.run_id, scores: backtest.scores } : null });
      else {
        const t = report.trades;
        process.stdout.write(
          `polymarket: ${report.markets.listed} markets (${report.markets.inserted} new), ${report.outcomes.inserted} new outcomes, ` +
            `${t.inserted} new trades (${t.taker} taker and ${t.maker} maker rows seen; ${t.duplicates} already stored, ${t.repeated} repeated across pages dropped), ` +
            `${report.skipped_items} items skipped, ${report.retries} retries, faults ${JSON.stringify(report.faults)}, ${report.complete ? 'complete' : 'INCOMPLETE'}\n`,
        );
        if (backtest) process.stdout.write(`backtest ${backtest.run_id}: ${backtest.verdict}\n`);
      }
      for (const n of report.notes) log(`note: ${n}`);
      if (!report.complete) throw Object.assign(new IncompleteIngestError(report), { jsonPrinted: Boolean(opts.json) });
    } finally {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      db.close();
    }
  });
}

/** `smartcrowd ingest polymarket-files`: load recorded Polymarket API responses (e.g. datasets/polymarket/). */
export function registerIngestPolymarketFiles(ingest: Command): void {
  withParams(
    withDb(
      ingest
        .command('polymarket-files')
        .description('load recorded Polymarket API responses (JSON arrays from Gamma /markets and Data API /trades) with the live mapping')
        .option('--markets <files...>', 'Gamma /markets response files')
        .option('--trades <files...>', 'Data API /trades response files')
        .option('--json', 'print one JSON document (the report) on stdout'),
    ),
  ).action((opts: { db: string; params?: string; markets?: string[]; trades?: string[]; json?: boolean }) => {
    if (!opts.markets?.length && !opts.trades?.length) throw new UsageError('ingest polymarket-files needs --markets and/or --trades files');
    const params = readParams(opts.params);
    const db = openStore(opts.db);
    try {
      const report = loadPolymarketFiles(db, { markets: opts.markets, trades: opts.trades }, params);
      if (opts.json) printJson(PolymarketFilesReport, report);
      else process.stdout.write(`markets ${report.markets.read} read (${report.markets.inserted} new), ${report.outcomes.inserted} new outcomes, trades ${report.trades.read} read (${report.trades.inserted} new), ${report.skipped.length} skipped\n`);
    } finally {
      db.close();
    }
  });
}
