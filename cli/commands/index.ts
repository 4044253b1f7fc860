import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerIngest } from './ingest.ts';
import { registerPipeline } from './pipeline.ts';
import { registerBacktest } from './backtest.ts';
import { registerTune } from './tune.ts';
import { registerServe } from './serve.ts';
import { registerSync } from './sync.ts';

/** Every subcommand, each in its own file. */
export const commands: ((program: Command) => void)[] = [
  registerDemo,
  registerIngest,
  registerPipeline,
  registerBacktest,
  registerTune,
  registerServe,
  registerSync,
];
