#!/usr/bin/env -S npx tsx
/**
 * Writes a synthetic market world as CSV (+ truth.json).
 *   npx tsx datasets/generator/cli.ts --out DIR [--demo] [--seed N] [--markets N] [--wallets N]
 *       [--trades-per-market N] [--span-days N] [--base-time ISO] [--options FILE] [--json]
 * Progress goes to stderr; with --json the result is one JSON document on stdout.
 * Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad options.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DEMO_WORLD_OPTIONS } from './demoWorldOptions.ts';
import { writeWorldCsv } from './writeWorldCsv.ts';
import { WorldOptionsError, type WorldOptions } from './worldOptions.ts';

class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly code = 'SC_GENERATOR_USAGE';
}

const num = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is not a number`);
  return n;
};

function readOptionsFile(file: string): WorldOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliUsageError(`--options ${file}: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliUsageError(`--options ${file} must hold a JSON object`);
  return parsed as WorldOptions;
}

const program = new Command()
  .name('generate-world')
  .description(
    'Generate a deterministic synthetic prediction-market world: markets.csv, trades.csv, outcomes.csv ' +
      '(CONTRACTS.md §1) and truth.json (the hidden ground truth). Same options give the same bytes.',
  )
  .addHelpText(
    'after',
    `
Examples:
  npx tsx datasets/generator/cli.ts --demo --out datasets/demo      regenerate the bundled demo (~55k fills)
  npx tsx datasets/generator/cli.ts --out /tmp/w --seed 7           default-sized world, another seed
  npx tsx datasets/generator/cli.ts --out /tmp/big --markets 5000 --wallets 50000 --trades-per-market 230
                                                                    benchmark world (~1M fills, streamed)`,
  )
  .requiredOption('--out <dir>', 'output directory (created if missing; files are replaced)')
  .option('--demo', 'start from the bundled demo preset (DEMO_WORLD_OPTIONS) instead of the defaults')
  .option('--options <file>', 'JSON file of world options (any key of WorldOptions; see datasets/README.md)')
  .option('--seed <n>', 'random seed (integer ≥ 0)', num)
  .option('--markets <n>', 'number of markets', num)
  .option('--wallets <n>', 'number of wallets of all kinds', num)
  .option('--trades-per-market <n>', 'mean ordinary order arrivals per market', num)
  .option('--span-days <n>', 'days from the base time to the world\'s "now" (≥ 62)', num)
  .option('--base-time <iso>', 'first instant of the world (ISO 8601), default 2025-01-01T00:00:00Z')
  .option('--json', 'print the result as one JSON document on stdout')
  .exitOverride();

function main(argv: string[]): number {
  try {
    program.parse(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  const a = program.opts<{
    out: string; demo?: boolean; options?: string; seed?: number; markets?: number; wallets?: number;
    tradesPerMarket?: number; spanDays?: number; baseTime?: string; json?: boolean;
  }>();
  const flags: WorldOptions = {};
  if (a.seed !== undefined) flags.seed = a.seed;
  if (a.markets !== undefined) flags.markets = a.markets;
  if (a.wallets !== undefined) flags.wallets = a.wallets;
  if (a.tradesPerMarket !== undefined) flags.tradesPerMarket = a.tradesPerMarket;
  if (a.spanDays !== undefined) flags.spanDays = a.spanDays;
  if (a.baseTime !== undefined) flags.baseTime = a.baseTime;
  try {
    const opts: WorldOptions = { ...(a.demo ? DEMO_WORLD_OPTIONS : {}), ...(a.options ? readOptionsFile(a.options) : {}), ...flags };
    const started = performance.now();
    const result = writeWorldCsv(a.out, opts, {
      onProgress: (p) => process.stderr.write(`\rgenerate-world: ${p.marketsDone}/${p.marketsTotal} markets, ${p.trades} fills`),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `\ngenerate-world: wrote ${result.counts.markets} markets, ${result.counts.trades} fills, ${result.counts.outcomes} outcomes, ` +
        `${result.counts.wallets} wallets to ${result.dir} in ${seconds}s (trades.csv ${(result.bytes.trades / 1e6).toFixed(1)} MB; now = ${result.now})\n`,
    );
    if (a.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof WorldOptionsError || err instanceof CliUsageError) {
      process.stderr.write(`generate-world: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`generate-world: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv);
