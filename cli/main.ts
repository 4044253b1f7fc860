import { Command, CommanderError } from 'commander';
import { errorInfo } from '../domain/errors.ts';
import { commands } from './commands/index.ts';

/**
 * The `smartcrowd` command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input —
 * each error's code is looked up in the one table of domain/errors.ts the server uses too.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('smartcrowd')
    .description('SmartCrowd: wallet-weighted forecasts beside prediction-market prices')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return 2; // commander already printed the message
  }
  const info = errorInfo(err);
  // On the command line the operator is the user: an internal error shows its own message.
  const message = info.code === 'SC_INTERNAL' ? ((err as Error)?.message ?? String(err)) : info.message;
  process.stderr.write(`smartcrowd: ${message}\n`);
  if (info.code === 'SC_INTERNAL' && process.env.SMARTCROWD_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
  return info.exit;
}

const isEntry = process.argv[1] && /(cli[\\/]main\.ts|smartcrowd(\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`smartcrowd: ${String(err)}\n`); process.exitCode = 1; },
  );
}
