import type { Command } from 'commander';
import { isAbsolute, join } from 'node:path';
import { DEMO_WORLD_DIR } from '../../datasets/generator/index.ts';
import { DemoSummary } from '../../contracts/demo.ts';
import { isoOf } from '../../domain/instant.ts';
import { runDemo } from '../../services/demo.ts';
import { PACKAGE_ROOT } from '../../services/version.ts';
import { defaultDb, log, printJson, readParams, withParams } from '../common.ts';

const f3 = (x: number | null | undefined) => (x == null ? '   —  ' : x.toFixed(4));
const pct = (x: number | null | undefined) => (x == null ? '  —  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/** The human summary the demo prints (and the README quotes). */
export function formatDemoSummary(s: DemoSummary): string {
  const bt = s.backtest;
  const i = s.ingest;
  const p = s.pipeline;
  const lines: string[] = [];
  lines.push(`SmartCrowd demo — ${s.db}`);
  lines.push(
    `  ingested ${i.inserted.markets} markets, ${i.inserted.trades} trades, ${i.inserted.outcomes} outcomes ` +
      `(${i.rejected.length} rejected, ${i.duplicates} duplicates) in ${(s.timings_ms.ingest / 1000).toFixed(1)} s`,
  );
  lines.push(
    `  pipeline as of ${isoOf(p.as_of)}: ${p.counts.resolved_markets} resolved markets learned from, ` +
      `${p.counts.wallet_weights} wallet weights, ${p.counts.snapshots} snapshots in ${(s.timings_ms.pipeline / 1000).toFixed(1)} s`,
  );
  lines.push('');
  lines.push('  Screener: open markets with the largest confident divergence');
  lines.push('    market      market  SmartCrowd  diverg.  confid.  integrity');
  for (const r of s.screener) {
    lines.push(
      `    ${r.market_id.padEnd(10).slice(0, 10)}  ${pct(r.market_prob)}  ${pct(r.smartcrowd_prob)}     ${pct(r.divergence)}  ${pct(r.confidence)}  ${pct(r.integrity_risk)}`,
    );
  }
  lines.push('');
  lines.push('  Most trusted wallets');
  lines.push('    wallet                                       weight  uncert.  resolved  skill');
  for (const w of s.leaderboard) {
    lines.push(`    ${w.wallet.padEnd(44).slice(0, 44)}  ${w.weight.toFixed(2).padStart(5)}  ${w.uncertainty.toFixed(2).padStart(6)}  ${String(w.n_resolved).padStart(8)}  ${f3(w.skill)}`);
  }
  lines.push('');
  const sc = bt.scores;
  const d = bt.diff_brier_smartcrowd_minus_market;
  const blendDiff = bt.diff_brier_blend_minus_market;
  const k = bt.blend.k;
  lines.push(`  Walk-forward backtest (cutoff ${bt.cutoff_hours} h before each market's end or resolution, whichever is first; ${bt.n_markets} markets; run ${bt.run_id})`);
  lines.push('                  Brier    log loss');
  lines.push(`    market        ${f3(sc.market.brier)}   ${f3(sc.market.log_loss)}`);
  lines.push(`    SmartCrowd    ${f3(sc.smartcrowd.brier)}   ${f3(sc.smartcrowd.log_loss)}`);
  lines.push(`    blend k=${k.toFixed(2)}  ${f3(sc.blend.brier)}   ${f3(sc.blend.log_loss)}`);
  lines.push(`    SmartCrowd − market Brier: ${d.mean >= 0 ? '+' : ''}${d.mean.toFixed(4)}  95% CI [${d.ci95[0].toFixed(4)}, ${d.ci95[1].toFixed(4)}]`);
  lines.push(`    blend − market Brier:      ${blendDiff.mean >= 0 ? '+' : ''}${blendDiff.mean.toFixed(4)}  95% CI [${blendDiff.ci95[0].toFixed(4)}, ${blendDiff.ci95[1].toFixed(4)}]`);
  lines.push(`    ${bt.verdict}`);
  lines.push('');
  lines.push(`  total ${(s.timings_ms.total / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

/** The bundled demo world, found from the package (so `smartcrowd demo` works from any folder). */
const BUNDLED_WORLD = isAbsolute(DEMO_WORLD_DIR) ? DEMO_WORLD_DIR : join(PACKAGE_ROOT, DEMO_WORLD_DIR);

/** `smartcrowd demo`: the main job on the bundled dataset. */
export function registerDemo(program: Command): void {
  withParams(
    program
      .command('demo')
      .description('build the bundled demo database, run the pipeline and a walk-forward backtest, print a summary')
      .option('--db <path>', 'database file to (re)build: the default database of every command (env SMARTCROWD_DB), so `smartcrowd serve` then shows the demo', defaultDb())
      .option('--force', 'replace the --db file even if the demo did not create it')
      .option('--dataset <dir>', 'folder with markets.csv, trades.csv, outcomes.csv (default: the bundled demo world)')
      .option('--json', 'print the summary as one JSON document on stdout'),
  ).action(async (opts: { db: string; dataset?: string; params?: string; json?: boolean; force?: boolean }) => {
    const params = readParams(opts.params);
    const summary = await runDemo({ dbPath: opts.db, datasetDir: opts.dataset ?? BUNDLED_WORLD, params, force: opts.force, onProgress: log });
    if (opts.json) printJson(DemoSummary, summary);
    else process.stdout.write(`${formatDemoSummary(summary)}\n`);
  });
}
