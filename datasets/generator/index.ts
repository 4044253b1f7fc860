/** The synthetic market world: the one import for the CLI, the demo command, benchmarks and notebooks. */
export { generateWorld } from './generateWorld.ts';
export { writeWorldCsv, WORLD_FILES, type WriteWorldOptions, type WriteWorldProgress, type WriteWorldResult } from './writeWorldCsv.ts';
export { DEMO_WORLD_DIR, DEMO_WORLD_OPTIONS } from './demoWorldOptions.ts';
export { resolveWorldOptions, WorldOptionsError, WorldOptionsSchema, type ResolvedWorldOptions, type WorldOptions } from './worldOptions.ts';
export { isoUtc } from './csvLines.ts';
export type * from './worldTypes.ts';
export { WALLET_KINDS } from './worldTypes.ts';
