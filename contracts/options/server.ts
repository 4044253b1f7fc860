import { z } from 'zod';
import { httpUrl, positiveInt } from './fields.ts';
import { PolymarketOptions } from './polymarket.ts';

/** The HTTP server's options (CLI `serve`; env SMARTCROWD_*): every default is here. The token is read from the environment only. */
export const ServerOptions = z.strictObject({
  /** Address to bind; a non-loopback address requires a token. */
  host: z.string().min(1).max(255).default('127.0.0.1'),
  /** Port; 0 picks a free one. */
  port: z.number({ error: 'must be 0..65535' }).int({ error: 'must be 0..65535' }).min(0, { error: 'must be 0..65535' }).max(65535, { error: 'must be 0..65535' }).default(8000),
  /** POST /ingest/csv may only read regular files below this folder. */
  datasetsRoot: z.string().min(1).max(4096).default('datasets'),
  /** Host names answered besides loopback names and the bind address (`*`: any). */
  allowedHosts: z.array(z.string().min(1).max(255)).max(100).default([]),
  /** The server URL /openapi.json names; default `/` (relative to where the document was fetched). */
  publicUrl: httpUrl().optional(),
  /** Where POST /ingest/polymarket reads from: the operator's choice, never a request's (defaults of contracts/options/polymarket.ts). */
  upstream: z.strictObject({ baseGamma: PolymarketOptions.shape.baseGamma, baseData: PolymarketOptions.shape.baseData }).prefault({}),
  /** Largest accepted request body, bytes. */
  maxBodyBytes: positiveInt().max(1 << 30).default(1 << 20),
  /** Most calls in one tRPC batch request (the typed client batches at most 20). */
  maxBatchSize: positiveInt().max(1000).default(20),
});
export type ServerOptions = z.output<typeof ServerOptions>;
export type ServerOptionsInput = z.input<typeof ServerOptions>;
/** Where live ingestion reads from (set by the operator when the server starts). */
export type UpstreamConfig = ServerOptions['upstream'];
