import { z } from 'zod';
import { defaultParams, EngineParams, paramsHash } from '../engine/params.ts';
import type { JsonValue } from '../contracts/json.ts';

/** Every engine parameter with its default, and the hash of that set (GET /params/defaults). */
export function paramDefaults() {
  return { params: { ...defaultParams }, params_hash: paramsHash(defaultParams) };
}

/** The JSON Schema of the engine parameters as input (every key, its bounds and meaning; GET /params/schema). */
export function paramsJsonSchema(): Record<string, JsonValue> {
  return z.toJSONSchema(EngineParams, { io: 'input', unrepresentable: 'any' }) as Record<string, JsonValue>;
}
