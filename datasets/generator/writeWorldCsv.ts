import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MARKETS_HEADER, OUTCOMES_HEADER, TRADES_HEADER, marketLine, outcomeLine, tradeLine } from './csvLines.ts';
import { planWorld } from './planWorld.ts';
import { simulateMarket } from './simulateMarket.ts';
import { resolveWorldOptions, type WorldOptions } from './worldOptions.ts';
import { marketRow, outcomeRow } from './worldRows.ts';
import { WorldTruthBuilder } from './WorldTruthBuilder.ts';

/** The files a world is written to, inside the output directory. */
export const WORLD_FILES = { markets: 'markets.csv', trades: 'trades.csv', outcomes: 'outcomes.csv', truth: 'truth.json' } as const;

export interface WriteWorldProgress {
  /** Markets simulated so far, and in all. */
  marketsDone: number;
  marketsTotal: number;
  /** Fills written so far. */
  trades: number;
}

export interface WriteWorldOptions {
  /** Called after each market, at most about every 2% of markets. */
  onProgress?: (p: WriteWorldProgress) => void;
}

export interface WriteWorldResult {
  dir: string;
  /** Absolute-or-as-given paths of the four files. */
  files: { markets: string; trades: string; outcomes: string; truth: string };
  counts: { markets: number; trades: number; outcomes: number; wallets: number };
  /** File sizes, bytes. */
  bytes: { markets: number; trades: number; outcomes: number; truth: number };
  /** The world's present, ISO 8601. */
  now: string;
}

/** Appends text to a file descriptor through a ~1 MB buffer. */
class BufferedFile {
  private chunks: string[] = [];
  private pending = 0;
  constructor(private readonly fd: number) {}
  write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.pending === 0) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.pending = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * Generates a world and writes `markets.csv`, `trades.csv`, `outcomes.csv` (CONTRACTS.md §1)
 * and `truth.json` into `dir` (created if missing). Streams market by market: memory stays
 * O(markets + wallets) whatever the number of fills. Each file is written under a temporary
 * name and renamed when complete, so a reader never sees half a file. The same options give
 * byte-identical files. Synchronous (a CLI and test tool; ~1M fills take a few seconds).
 * @throws WorldOptionsError for invalid options; file-system errors as thrown by node:fs.
 */
export function writeWorldCsv(dir: string, opts: WorldOptions = {}, io: WriteWorldOptions = {}): WriteWorldResult {
  const world = planWorld(resolveWorldOptions(opts));
  mkdirSync(dir, { recursive: true });
  const files = {
    markets: join(dir, WORLD_FILES.markets),
    trades: join(dir, WORLD_FILES.trades),
    outcomes: join(dir, WORLD_FILES.outcomes),
    truth: join(dir, WORLD_FILES.truth),
  };
  const tmp = (path: string) => `${path}.partial`;
  const open = (path: string) => new BufferedFile(openSync(tmp(path), 'w'));

  const markets = open(files.markets);
  markets.write(MARKETS_HEADER);
  for (const plan of world.markets) markets.write(marketLine(marketRow(plan)));
  markets.close();

  const outcomes = open(files.outcomes);
  outcomes.write(OUTCOMES_HEADER);
  let nOutcomes = 0;
  for (const plan of world.markets) {
    const row = outcomeRow(plan);
    if (row) {
      outcomes.write(outcomeLine(row));
      nOutcomes++;
    }
  }
  outcomes.close();

  const truth = new WorldTruthBuilder(world);
  const trades = open(files.trades);
  trades.write(TRADES_HEADER);
  let nTrades = 0;
  const M = world.markets.length;
  const every = Math.max(1, Math.floor(M / 50));
  world.markets.forEach((plan, i) => {
    const sim = simulateMarket(world, plan, nTrades + 1);
    for (const t of sim.trades) trades.write(tradeLine(t));
    nTrades += sim.trades.length;
    truth.addMarket(plan, sim);
    if (io.onProgress && ((i + 1) % every === 0 || i + 1 === M)) io.onProgress({ marketsDone: i + 1, marketsTotal: M, trades: nTrades });
  });
  trades.close();

  const truthFile = open(files.truth);
  truthFile.write(`${JSON.stringify(truth.finish(), null, 1)}\n`);
  truthFile.close();

  for (const path of Object.values(files)) renameSync(tmp(path), path);
  const size = (p: string) => statSync(p).size;
  return {
    dir,
    files,
    counts: { markets: M, trades: nTrades, outcomes: nOutcomes, wallets: world.population.wallets.length },
    bytes: { markets: size(files.markets), trades: size(files.trades), outcomes: size(files.outcomes), truth: size(files.truth) },
    now: new Date(world.nowMs).toISOString(),
  };
}
