import type { Command } from 'commander';
import { startServer } from '../../rpc/server.ts';
import { DEFAULT_DATA, DEFAULT_GAMMA } from '../../ingest/polymarket/index.ts';
import { logger } from '../../services/logger.ts';
import { UsageError } from '../errors.ts';
import { withDb, openExistingDatabase } from '../common.ts';

/** `smartcrowd serve`: the HTTP server (tRPC at /trpc, REST-style paths, /openapi.json). */
export function registerServe(program: Command): void {
  withDb(
    program
      .command('serve')
      .description('serve the API: REST-style paths, an interactive reference at /docs, /openapi.json and tRPC at /trpc; binds 127.0.0.1 by default; the database must exist')
      .option('--host <host>', 'address to bind (a non-loopback address requires SMARTCROWD_API_TOKEN)', process.env.SMARTCROWD_HOST || '127.0.0.1')
      .option('--port <port>', 'port (0 picks a free one)', process.env.SMARTCROWD_PORT || '8000')
      .option('--datasets-root <dir>', 'POST /ingest/csv may only read files below this folder', process.env.SMARTCROWD_DATASETS_ROOT || 'datasets')
      .option('--allowed-hosts <names>', 'comma-separated Host names answered besides loopback names and the bind address ("*": any)', process.env.SMARTCROWD_ALLOWED_HOSTS || '')
      .option('--public-url <url>', 'server URL named in /openapi.json (default: relative to where the document is fetched)', process.env.SMARTCROWD_PUBLIC_URL)
      .option('--base-gamma <url>', 'Gamma API base URL used by POST /ingest/polymarket', process.env.SMARTCROWD_BASE_GAMMA || DEFAULT_GAMMA)
      .option('--base-data <url>', 'Data API base URL used by POST /ingest/polymarket', process.env.SMARTCROWD_BASE_DATA || DEFAULT_DATA),
  ).action(async (opts: { db: string; host: string; port: string; datasetsRoot: string; allowedHosts: string; publicUrl?: string; baseGamma: string; baseData: string }) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got "${opts.port}"`);
    for (const [name, url] of [['--base-gamma', opts.baseGamma], ['--base-data', opts.baseData], ['--public-url', opts.publicUrl]] as const) {
      if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`${name} must be an http(s) URL, got "${url}"`);
    }
    const log = logger();
    installLastResortHandlers(log);
    const db = openExistingDatabase(opts.db);
    const running = await startServer({
      db, host: opts.host, port, datasetsRoot: opts.datasetsRoot, token: process.env.SMARTCROWD_API_TOKEN || undefined,
      allowedHosts: opts.allowedHosts.split(',').map((s) => s.trim()).filter(Boolean), publicUrl: opts.publicUrl,
      upstream: { baseGamma: opts.baseGamma, baseData: opts.baseData }, logger: log,
    });
    log.info(
      { db: opts.db, url: running.url, docs: `${running.url}/docs` },
      `smartcrowd serving ${opts.db} at ${running.url} — API reference ${running.url}/docs (OpenAPI ${running.url}/openapi.json, tRPC ${running.url}/trpc)`,
    );
    const stop = (signal: string) => () => {
      log.info({ signal }, 'smartcrowd serve: stopping');
      running.close().then(() => {
        db.close();
        process.exit(0);
      });
    };
    process.once('SIGINT', stop('SIGINT'));
    process.once('SIGTERM', stop('SIGTERM'));
    await new Promise(() => {});
  });
}

/**
 * A server process must outlive any one request: an error that escapes every handler (an
 * unhandled rejection, an exception thrown from a stray callback) is logged with its stack and
 * counted, and the server goes on answering. All state is in SQLite transactions, so nothing is
 * left half-written by the request that failed.
 */
function installLastResortHandlers(log: ReturnType<typeof logger>): void {
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection (the server goes on)'));
  process.on('uncaughtException', (err) => log.fatal({ err }, 'uncaught exception (the server goes on)'));
}
