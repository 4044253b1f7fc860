import type { Command } from 'commander';
import { openDatabase } from '../../store/db.ts';
import { startServer } from '../../rpc/server.ts';
import { UsageError } from '../errors.ts';
import { log, withDb } from '../common.ts';

/** `smartcrowd serve`: the HTTP server (tRPC at /trpc, REST-style paths, /openapi.json). */
export function registerServe(program: Command): void {
  withDb(
    program
      .command('serve')
      .description('serve the API: tRPC at /trpc, REST-style paths (CONTRACTS.md §3) and /openapi.json; binds 127.0.0.1 by default')
      .option('--host <host>', 'address to bind (a non-loopback address requires SMARTCROWD_API_TOKEN)', '127.0.0.1')
      .option('--port <port>', 'port (0 picks a free one)', '8000')
      .option('--datasets-root <dir>', 'POST /ingest/csv may only read files below this folder', 'datasets'),
  ).action(async (opts: { db: string; host: string; port: string; datasetsRoot: string }) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got "${opts.port}"`);
    const db = openDatabase(opts.db);
    const running = await startServer({ db, host: opts.host, port, datasetsRoot: opts.datasetsRoot, token: process.env.SMARTCROWD_API_TOKEN || undefined });
    log(`smartcrowd serving ${opts.db} at ${running.url} (tRPC ${running.url}/trpc, OpenAPI ${running.url}/openapi.json)`);
    const stop = () => {
      log('smartcrowd serve: stopping');
      running.close().then(() => {
        db.close();
        process.exit(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await new Promise(() => {});
  });
}
