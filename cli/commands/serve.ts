import type { Command } from 'commander';
import { startServer } from '../../rpc/server.ts';
import { ServerOptions } from '../../contracts/options/server.ts';
import { openExistingStore } from '../../services/database.ts';
import { logger } from '../../services/logger.ts';
import { withDb } from '../common.ts';
import { numeric, parseOptions } from '../options.ts';

/** The server's defaults (contracts/options/server.ts), shown in --help. */
const D = ServerOptions.parse({});

const FLAGS = { host: '--host', port: '--port', datasetsRoot: '--datasets-root', allowedHosts: '--allowed-hosts', publicUrl: '--public-url', 'upstream.baseGamma': '--base-gamma', 'upstream.baseData': '--base-data' };

/** `smartcrowd serve`: the HTTP server (tRPC at /trpc, REST-style paths, /openapi.json). */
export function registerServe(program: Command): void {
  withDb(
    program
      .command('serve')
      .description('serve the API: REST-style paths, an interactive reference at /docs, /openapi.json and tRPC at /trpc; binds 127.0.0.1 by default; the database must exist')
      .option('--host <host>', `address to bind; a non-loopback address requires SMARTCROWD_API_TOKEN (env SMARTCROWD_HOST; default ${D.host})`)
      .option('--port <port>', `port, 0 picks a free one (env SMARTCROWD_PORT; default ${D.port})`)
      .option('--datasets-root <dir>', `POST /ingest/csv may only read files below this folder (env SMARTCROWD_DATASETS_ROOT; default ${D.datasetsRoot})`)
      .option('--allowed-hosts <names>', 'comma-separated Host names answered besides loopback names and the bind address ("*": any) (env SMARTCROWD_ALLOWED_HOSTS)')
      .option('--public-url <url>', 'server URL named in /openapi.json (env SMARTCROWD_PUBLIC_URL; default: relative to where the document is fetched)')
      .option('--base-gamma <url>', `Gamma API base URL used by POST /ingest/polymarket (env SMARTCROWD_BASE_GAMMA; default ${D.upstream.baseGamma})`)
      .option('--base-data <url>', `Data API base URL used by POST /ingest/polymarket (env SMARTCROWD_BASE_DATA; default ${D.upstream.baseData})`),
  ).action(async (opts: { db: string; host?: string; port?: string; datasetsRoot?: string; allowedHosts?: string; publicUrl?: string; baseGamma?: string; baseData?: string }) => {
    const env = process.env;
    const or = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);
    const given = {
      host: or(opts.host, 'SMARTCROWD_HOST'), port: or(opts.port, 'SMARTCROWD_PORT'), datasetsRoot: or(opts.datasetsRoot, 'SMARTCROWD_DATASETS_ROOT'),
      allowedHosts: or(opts.allowedHosts, 'SMARTCROWD_ALLOWED_HOSTS'), publicUrl: or(opts.publicUrl, 'SMARTCROWD_PUBLIC_URL'),
      'upstream.baseGamma': or(opts.baseGamma, 'SMARTCROWD_BASE_GAMMA'), 'upstream.baseData': or(opts.baseData, 'SMARTCROWD_BASE_DATA'),
    };
    const options = parseOptions(
      ServerOptions,
      {
        host: given.host, port: numeric(given.port), datasetsRoot: given.datasetsRoot, publicUrl: given.publicUrl,
        allowedHosts: given.allowedHosts?.split(',').map((s) => s.trim()).filter(Boolean),
        upstream: { baseGamma: given['upstream.baseGamma'], baseData: given['upstream.baseData'] },
      },
      FLAGS,
      given,
    );
    const log = logger();
    installLastResortHandlers(log);
    const db = openExistingStore(opts.db);
    const running = await startServer({ ...options, db, token: env.SMARTCROWD_API_TOKEN || undefined, logger: log });
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
