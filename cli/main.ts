import { Command, CommanderError } from 'commander';
import { InvalidParamsError } from '../engine/params.ts';
import { UsageError } from './errors.ts';
import { LockHeldError } from '../ingest/sync.ts';
import { commands } from './commands/index.ts';

/**
 * The `smartcrowd` command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.
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
  if (err instanceof UsageError || err instanceof InvalidParamsError || (err as { exitCode?: number })?.exitCode === 2) {
    process.stderr.write(`smartcrowd: ${(err as Error).message}\n`);
    return 2;
  }
  if (err instanceof LockHeldError) {
    process.stderr.write(`smartcrowd: ${err.message}\n`);
    return 1;
  }
  process.stderr.write(`smartcrowd: ${(err as Error)?.message ?? String(err)}\n`);
  if (process.env.SMARTCROWD_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
  return 1;
}

const isEntry = process.argv[1] && /(cli[\\/]main\.ts|smartcrowd(\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`smartcrowd: ${String(err)}\n`); process.exitCode = 1; },
  );
}
