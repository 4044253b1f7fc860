import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../engine/params.ts';

export interface PipelineResult {
  run_id: string;
  params_hash: string;
  /** epoch ms */
  as_of: number;
  counts: { wallet_metrics: number; wallet_weights: number; snapshots: number; markets: number; trades: number };
  duration_ms: number;
}

export interface PipelineOptions {
  params: EngineParams;
  /** epoch ms; default: now */
  asOf?: number;
  onProgress?: (fraction: number, message: string) => void;
}

/**
 * Computes and stores wallet metrics, weights and snapshots for every open (and recently
 * closed) market as of a time, one transaction per stage, recorded in `pipeline_runs`.
 * (Being implemented: engine issue.)
 */
export async function runPipeline(_db: Database, _opts: PipelineOptions): Promise<PipelineResult> {
  throw new Error('runPipeline is not implemented yet');
}
