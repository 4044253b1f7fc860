import type { Command } from 'commander';
import { openDatabase } from '../../store/db.ts';
import { ingestPolymarket, ingestPolymarketFiles, IncompleteIngestError } from '../../ingest/polymarket/index.ts';
import { UsageError } from '../errors.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { runBacktest } from '../../services/backtest.ts';
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
          .option('--run-backtest', 'then run the pipeline and a walk-forward backtest')
          .option('--json', 'print one JSON document (the ingest report) on stdout'),
      ),
    ),
  ).action(async (opts: PolymarketCliOptions & { db: string; params?: string; runBacktest?: boolean; json?: boolean }) => {
    const params = readParams(opts.params);
    const ing = polymarketIngestOptions(opts);
    const db = openDatabase(opts.db);
    const ac = new AbortController();
    const stop = () => {
      log('stopping after the current transaction…');
      ac.abort(new Error('interrupted'));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const report = await ingestPolymarket(db, { ...ing, params, signal: ac.signal, onProgress: log });
      let pipeline = null;
      let backtest = null;
      if (opts.runBacktest) {
        pipeline = await runPipeline(db, { params, onProgress: (f, m) => log(`pipeline ${(f * 100).toFixed(0)}% ${m}`) });
        backtest = await runBacktest(db, { params, onProgress: (f, m) => log(`backtest ${(f * 100).toFixed(0)}% ${m}`) });
      }
      if (opts.json) printJson({ ...report, pipeline_run_id: pipeline?.run_id ?? null, backtest: backtest ? { run_id: backtest.run_id, scores: backtest.scores } : null });
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
    const db = openDatabase(opts.db);
    try {
      let report;
      try {
        report = ingestPolymarketFiles(db, { markets: opts.markets, trades: opts.trades }, params);
      } catch (err) {
        if (err instanceof SyntaxError || (err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError((err as Error).message);
        throw err;
      }
      if (opts.json) printJson(report);
      else process.stdout.write(`markets ${report.markets.read} read (${report.markets.inserted} new), ${report.outcomes.inserted} new outcomes, trades ${report.trades.read} read (${report.trades.inserted} new), ${report.skipped.length} skipped\n`);
    } finally {
      db.close();
    }
  });
}
