import type { Command } from 'commander';
import { BacktestReport } from '../../contracts/backtest.ts';
import { runBacktest } from '../../services/backtest.ts';
import { UsageError } from '../errors.ts';
import { log, printJson, readParams, withDb, withParams } from '../common.ts';
import { openExistingStore } from '../../services/database.ts';
import { progressReporter } from '../progress.ts';

const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '  —   ');
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;

/** The human table of a backtest report. */
export function formatBacktest(r: BacktestReport): string {
  const s = r.scores;
  const d = r.diff_brier_smartcrowd_minus_market;
  const b = r.diff_brier_blend_minus_market;
  return [
    `walk-forward backtest ${r.run_id} (params ${r.params_hash}; cutoff ${r.cutoff_hours} h before the end or the resolution, whichever is first; purge ${r.purge_hours} h)`,
    `  ${r.n_markets} markets scored; ${r.n_skipped_no_price} skipped (no price before the cutoff); ` +
      `${r.n_smartcrowd_null} without enough wallets for SmartCrowd (excluded from its scores)`,
    '                     Brier    log loss     n',
    `  market           ${f4(s.market.brier)}   ${f4(s.market.log_loss)}  ${String(s.market.n).padStart(5)}`,
    `  SmartCrowd       ${f4(s.smartcrowd.brier)}   ${f4(s.smartcrowd.log_loss)}  ${String(s.smartcrowd.n).padStart(5)}`,
    `  blend (k=${r.blend.k.toFixed(2)})   ${f4(s.blend.brier)}   ${f4(s.blend.log_loss)}  ${String(s.blend.n).padStart(5)}`,
    `  SmartCrowd − market Brier ${signed(d.mean)}  95% CI [${f4(d.ci95[0])}, ${f4(d.ci95[1])}]  DM p=${d.dm_p.toFixed(3)}`,
    `  blend − market Brier      ${signed(b.mean)}  95% CI [${f4(b.ci95[0])}, ${f4(b.ci95[1])}]  DM p=${b.dm_p.toFixed(3)}`,
    `  ${r.verdict}`,
  ].join('\n');
}

/** `smartcrowd backtest`: walk-forward backtest; stores and prints the report. */
export function registerBacktest(program: Command): void {
  withParams(
    withDb(
      program
        .command('backtest')
        .description('walk-forward backtest of SmartCrowd and the blend against the market price; stores and prints the report')
        .option('--cutoff-hours <n>', "cutoff before each market's end or resolution (whichever is first), hours (overrides the cutoffHours parameter)")
        .option('--json', 'print the report as one JSON document on stdout'),
    ),
  ).action(async (opts: { db: string; params?: string; cutoffHours?: string; json?: boolean }) => {
    const extra: Record<string, unknown> = {};
    if (opts.cutoffHours !== undefined) {
      const n = Number(opts.cutoffHours);
      if (!Number.isFinite(n)) throw new UsageError(`--cutoff-hours must be a number, got "${opts.cutoffHours}"`);
      extra.cutoffHours = n;
    }
    const params = readParams(opts.params, extra);
    const db = openExistingStore(opts.db);
    try {
      const progress = progressReporter({ label: 'backtest', quiet: opts.json, log });
      const report = await runBacktest(db, { params, onProgress: (f, m) => progress.update({ fraction: f, note: m }) });
      progress.finish();
      if (opts.json) printJson(BacktestReport, report);
      else process.stdout.write(`${formatBacktest(report)}\n`);
    } finally {
      db.close();
    }
  });
}
