import { z } from 'zod';
import { EngineParams } from '../engine/params.ts';

/*
 * The engine parameters as a contract: one schema (engine/params.ts) for `--params FILE`, every
 * RPC `params` input, sweep grids and the parameters a report or run shows.
 */
export { EngineParams, parseParams, defaultParams, paramsHash, InvalidParamsError, type EngineParamsInput } from '../engine/params.ts';

/** Engine parameter overrides, validated by the engine's own schema (unknown keys → 400 naming them); absent: the defaults. */
export const ParamsInput = EngineParams.prefault({});

/** Most parameter sets in one sweep (grid combinations plus listed sets). */
export const MAX_SWEEP_SETS = 1000;
/** Most candidate values for one key of a grid. */
export const MAX_GRID_VALUES = 50;

/**
 * A sweep grid: for any engine parameter, 1..MAX_GRID_VALUES candidate values, each checked by that
 * parameter's own schema; every combination is one parameter set. Unknown keys (`__proto__`
 * included) are refused before anything is multiplied out.
 */
export const ParamGrid = z.strictObject(
  Object.fromEntries(
    Object.entries(EngineParams.shape).map(([key, schema]) => [key, z.array((schema as z.ZodDefault<z.ZodType>).unwrap()).min(1).max(MAX_GRID_VALUES).optional()]),
  ),
) as unknown as z.ZodType<{ [K in keyof EngineParams]?: EngineParams[K][] }>;
export type ParamGrid = z.output<typeof ParamGrid>;

/** Every engine parameter (the effective set a report or run used), each present. */
export const EngineParamsOut = z.object(
  Object.fromEntries(Object.entries(EngineParams.shape).map(([k, v]) => [k, v.unwrap()])) as {
    [K in keyof typeof EngineParams.shape]: ReturnType<(typeof EngineParams.shape)[K]['unwrap']>;
  },
);

/** The engine parameters that differ from the defaults: each key optional, no default filled in. */
export const ParamOverrides = z.object(
  Object.fromEntries(Object.entries(EngineParams.shape).map(([k, v]) => [k, v.unwrap().optional()])) as {
    [K in keyof typeof EngineParams.shape]: z.ZodOptional<ReturnType<(typeof EngineParams.shape)[K]['unwrap']>>;
  },
);

/** GET /params/defaults: every parameter with its default, and the hash of that set. */
export const ParamDefaults = z.object({ params: EngineParamsOut, params_hash: z.string() });
