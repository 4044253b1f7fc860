import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';
import { JsonValue } from './json.ts';
import { Page, PageInput } from './paging.ts';

/** What a recorded run did: every ingest, pipeline, backtest, sweep, tuning and sync cycle is one. */
export const RunKind = z.enum(['ingest-csv', 'ingest-polymarket', 'pipeline', 'backtest', 'sweep', 'tune', 'sync-cycle', 'demo']);
export type RunKind = z.output<typeof RunKind>;
export const RunStatus = z.enum(['running', 'succeeded', 'failed']);
export type RunStatus = z.output<typeof RunStatus>;

/** A run as the API shows it: no owner or parameter blobs, its counts parsed. */
export const Run = z.object({
  run_id: z.string(),
  kind: RunKind,
  status: RunStatus,
  started_at: IsoInstant,
  finished_at: IsoInstant.nullable(),
  duration_ms: z.number().nullable(),
  params_hash: z.string().nullable(),
  as_of: IsoInstant.nullable(),
  progress: z.number(),
  message: z.string().nullable(),
  /** What the run did, by kind (pipeline: rows written; ingest: inserted/duplicates/rejected; sweep: parameter_sets). */
  counts: z.record(z.string(), JsonValue).nullable(),
  error: z.string().nullable(),
});
export type Run = z.input<typeof Run>;

/** GET /ops/runs. */
export const RunsQuery = z.strictObject({ ...PageInput(1000, 50), kind: RunKind.optional() }).prefault({});
export const RunsPage = Page(Run);

/** A counter or a per-procedure latency summary (ms) of `system_metrics`. */
export const MetricsItem = z.object({
  name: z.string(),
  label: z.string(),
  count: z.number(),
  errors: z.number(),
  value: z.number().nullable(),
  p50_ms: z.number().nullable(),
  p95_ms: z.number().nullable(),
  p99_ms: z.number().nullable(),
  updated_at: IsoInstant,
});
export type MetricsItem = z.input<typeof MetricsItem>;

/** GET /ops/metrics. */
export const MetricsQuery = z.strictObject(PageInput(1000, 1000)).prefault({});
export const MetricsPage = Page(MetricsItem);
