import { Command, CommanderError, Option } from 'commander';
import { errorBody, errorInfo } from '../domain/errors.ts';
import { createLogger, LOG_LEVELS, loggerOptionsFromEnv, setLogger, type LogFormat, type LogLevel } from '../services/logger.ts';
import { VERSION } from '../services/version.ts';
import { commandsFor } from './commands/index.ts';


/**
 * The `smartcrowd` command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input —
 * each error's code is looked up in the one table of domain/errors.ts the server uses too. With
 * `--json`, an error is also printed on stdout as the API's error document.
 */
export async function main(argv: string[]): Promise<number> {
  const env = loggerOptionsFromEnv(process.env);
  const program = new Command('smartcrowd')
    .description('SmartCrowd: wallet-weighted forecasts beside prediction-market prices')
    .version(VERSION, '-V, --version', 'print the version')
    .addOption(new Option('--log-level <level>', 'log level (env SMARTCROWD_LOG_LEVEL)').choices(LOG_LEVELS).default(env.level ?? 'info'))
    .addOption(new Option('--log-format <format>', 'log lines: json, pretty, or auto = pretty on a terminal (env SMARTCROWD_LOG_FORMAT)').choices(['auto', 'json', 'pretty']).default(env.format ?? 'auto'))
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', (cmd) => {
      const o = cmd.opts<{ logLevel: LogLevel; logFormat: LogFormat }>();
      setLogger(createLogger({ level: o.logLevel, format: o.logFormat }));
    });
  for (const register of await commandsFor(argv)) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err, argv.includes('--json'));
  }
}

function reportError(err: unknown, json: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    if (json) printError({ code: 'SC_USAGE', status: 400, message: err.message.replace(/^error: /, '') });
    return 2; // commander already printed the message
  }
  const info = errorInfo(err);
  // On the command line the operator is the user: an internal error shows its own message.
  const message = info.code === 'SC_INTERNAL' ? ((err as Error)?.message ?? String(err)) : info.message;
  process.stderr.write(`smartcrowd: ${message}\n`);
  if (info.code === 'SC_INTERNAL' && process.env.SMARTCROWD_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
  // A command that already printed its JSON document for this failure (an incomplete ingest's report) keeps stdout to that one document.
  if (json && !(err as { jsonPrinted?: boolean } | null)?.jsonPrinted) printError({ ...info, message });
  return info.exit;
}

function printError(info: Parameters<typeof errorBody>[0]): void {
  process.stdout.write(`${JSON.stringify(errorBody(info), null, 2)}\n`);
}

const isEntry = process.argv[1] && /(cli[\\/]main\.ts|smartcrowd(\.js)?|[\\/]cli\.mjs)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`smartcrowd: ${String(err)}\n`); process.exitCode = 1; },
  );
}
