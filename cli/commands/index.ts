import type { Command } from 'commander';

type Register = (program: Command) => void;

/** Every subcommand, each in its own file, loaded only when it is needed (start-up stays short). */
const loaders: Record<string, () => Promise<Register>> = {
  demo: async () => (await import('./demo.ts')).registerDemo,
  ingest: async () => (await import('./ingest.ts')).registerIngest,
  pipeline: async () => (await import('./pipeline.ts')).registerPipeline,
  backtest: async () => (await import('./backtest.ts')).registerBacktest,
  tune: async () => (await import('./tune.ts')).registerTune,
  serve: async () => (await import('./serve.ts')).registerServe,
  sync: async () => (await import('./sync.ts')).registerSync,
};

/**
 * The subcommands to register for `argv`: only the one it names (loading every command's modules
 * costs about a second), or all of them for help, a version query or an unknown name.
 */
export async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const name = argv.find((a) => !a.startsWith('-'));
  const names = name !== undefined && Object.hasOwn(loaders, name) ? [name] : Object.keys(loaders);
  return Promise.all(names.map((n) => loaders[n]!()));
}
