/*
 * The engine parameters as a contract: one schema (engine/params.ts) for `--params FILE`, every
 * RPC `params` input, sweep grids and the parameters a report or run shows.
 */
export { EngineParams, parseParams, defaultParams, paramsHash, InvalidParamsError, type EngineParamsInput } from '../engine/params.ts';
