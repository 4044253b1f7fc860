import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { TuneReport } from '../../contracts/tune.ts';
import { isoOf } from '../../domain/instant.ts';
import { openExistingStore } from '../../services/database.ts';
import { DEFAULT_TUNE_GRID, runTune, type TuneGrid } from '../../services/tune.ts';
import { UsageError } from '../errors.ts';
import { log, printJson, withDb } from '../common.ts';
import { progressReporter } from '../progress.ts';

const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '  —   ');
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;

/** The human table of a tune report: each fold's choice, in-sample beside out-of-sample, the honest total. */
export function formatTune(r: TuneReport): string {
  const lines = [
    `nested walk-forward tuning ${r.run_id}: ${r.n_candidates} candidate sets, ${r.n_markets} markets, objective ${r.objective} Brier`,
    '  fold  test cutoffs               n train  n test  in-sample  out-of-sample  market (same markets)',
  ];
  for (const f of r.folds) {
    const o = f.chosen.overrides;
    const ins = r.objective === 'blend' ? f.in_sample.blend : f.in_sample.smartcrowd;
    const oos = r.objective === 'blend' ? f.out_of_sample.blend : f.out_of_sample.smartcrowd;
    lines.push(
      `  ${String(f.fold).padStart(4)}  ${isoOf(f.test_from).slice(0, 10)} .. ${isoOf(f.test_to).slice(0, 10)}  ${String(f.n_train).padStart(7)}  ${String(f.n_test).padStart(6)}  ` +
        `${f4(ins)}     ${f4(oos)}         ${f4(f.out_of_sample.market)}`,
      `        chosen on the earlier folds: ${Object.keys(o).length ? JSON.stringify(o) : '(defaults)'}`,
    );
  }
  const o = r.out_of_sample;
  const d = o.diff_brier_smartcrowd_minus_market;
  const b = o.diff_brier_blend_minus_market;
  lines.push(
    `  in-sample (mean over folds)   market ${f4(r.in_sample.market)}  SmartCrowd ${f4(r.in_sample.smartcrowd)}  blend ${f4(r.in_sample.blend)}`,
    `  out-of-sample (${o.n} markets) market ${f4(o.market)}  SmartCrowd ${f4(o.smartcrowd)}  blend ${f4(o.blend)}`,
    `  out-of-sample SmartCrowd − market Brier ${signed(d.mean)}  95% CI [${f4(d.ci95[0])}, ${f4(d.ci95[1])}]`,
    `  out-of-sample blend − market Brier      ${signed(b.mean)}  95% CI [${f4(b.ci95[0])}, ${f4(b.ci95[1])}]`,
    `  recommended from all the data: ${Object.keys(r.recommended.overrides).length ? JSON.stringify(r.recommended.overrides) : '(defaults)'} ` +
      `(its out-of-sample record is the line above, not its in-sample ${f4(r.objective === 'blend' ? r.recommended.in_sample.blend : r.recommended.in_sample.smartcrowd)})`,
  );
  return lines.join('\n');
}

function readJsonObject(file: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UsageError(`${what} ${file} must hold a JSON object`);
  return v as Record<string, unknown>;
}

/** `smartcrowd tune`: honest parameter choice by nested walk-forward. */
export function registerTune(program: Command): void {
  withDb(
    program
      .command('tune')
      .description(
        'choose parameters honestly: every candidate is backtested walk-forward, chosen on earlier folds only and scored on the next; ' +
          'prints in-sample beside out-of-sample and the out-of-sample paired CI against the market',
      )
      .option('--grid <file>', `JSON object of values per parameter key; every combination is a candidate (default ${JSON.stringify(DEFAULT_TUNE_GRID)})`)
      .option('--params <file>', 'JSON object of engine parameter overrides every candidate shares')
      .option('--folds <n>', 'time-ordered folds of resolved markets (the first only trains)', '4')
      .option('--objective <which>', "what to choose on: 'blend' or 'smartcrowd' Brier", 'blend')
      .option('--json', 'print the report as one JSON document on stdout'),
  ).action(async (opts: { db: string; grid?: string; params?: string; folds: string; objective: string; json?: boolean }) => {
    const folds = Number(opts.folds);
    if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new UsageError(`--folds must be an integer from 2 to 20, got "${opts.folds}"`);
    if (opts.objective !== 'blend' && opts.objective !== 'smartcrowd') throw new UsageError(`--objective must be 'blend' or 'smartcrowd', got "${opts.objective}"`);
    const grid = opts.grid ? readJsonObject(opts.grid, '--grid file') : undefined;
    if (grid) for (const [k, v] of Object.entries(grid)) if (!Array.isArray(v) || v.length === 0) throw new UsageError(`--grid: "${k}" must be a non-empty array of values`);
    const base = opts.params ? readJsonObject(opts.params, '--params file') : undefined;
    const db = openExistingStore(opts.db);
    try {
      const progress = progressReporter({ label: 'tune', quiet: opts.json, log: opts.json ? undefined : log });
      const report = await runTune(db, {
        base, grid: grid as TuneGrid | undefined, folds, objective: opts.objective,
        onProgress: (f, m) => progress.update({ fraction: f, note: m }),
      });
      progress.finish();
      if (opts.json) printJson(TuneReport, report);
      else process.stdout.write(`${formatTune(report)}\n`);
    } finally {
      db.close();
    }
  });
}
