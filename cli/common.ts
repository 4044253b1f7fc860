import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseParams, type EngineParams } from '../engine/params.ts';
import { UsageError } from './errors.ts';
import { InstantError, parseInstant } from '../domain/instant.ts';
import { DatabaseNotFoundError } from '../domain/errors.ts';
import { openDatabase, type Database } from '../store/db.ts';
import { logger } from '../services/logger.ts';
import { roundNumbers } from '../domain/json.ts';

/** The one default database of every command, the demo included (SMARTCROWD_DB overrides it). */
export const DEFAULT_DB = 'datasets/smartcrowd.db';

/** The database path when `--db` is not given: SMARTCROWD_DB, else DEFAULT_DB. */
export function defaultDb(env: NodeJS.ProcessEnv = process.env): string {
  return env.SMARTCROWD_DB || DEFAULT_DB;
}

/** Adds the options every command takes. */
export function withDb(cmd: Command): Command {
  return cmd.option('--db <path>', 'SQLite database file (env SMARTCROWD_DB)', defaultDb());
}

/**
 * Opens a database that must already exist (commands that read or compute): a missing file is
 * bad usage naming the path, and nothing is created. Only ingest, sync and demo create a store.
 * @throws DatabaseNotFoundError (exit 2)
 */
export function openExistingDatabase(path: string): Database {
  if (path !== ':memory:' && !existsSync(path)) throw new DatabaseNotFoundError(path);
  return openDatabase(path);
}

/** Adds `--params FILE` (JSON object of engine parameter overrides). */
export function withParams(cmd: Command): Command {
  return cmd.option('--params <file>', 'JSON file of engine parameter overrides (unknown keys are an error)');
}

/**
 * Reads and validates `--params FILE` plus explicit overrides (e.g. `--cutoff-hours`).
 * @throws UsageError for an unreadable file or invalid JSON; InvalidParamsError for bad keys.
 */
export function readParams(file: string | undefined, extra: Record<string, unknown> = {}): EngineParams {
  let overrides: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --params file ${file}: ${(err as Error).message}`);
    }
    try {
      overrides = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--params file ${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
      throw new UsageError(`--params file ${file} must hold a JSON object`);
    }
  }
  return parseParams({ ...overrides, ...extra });
}

/** Parses a timestamp option (domain/instant.ts: ISO 8601, epoch s or epoch ms, 1970..2099) into epoch ms. */
export function parseTimeOption(name: string, value: string): number {
  try {
    return parseInstant(value);
  } catch (err) {
    if (err instanceof InstantError) throw new UsageError(`${name}: ${err.reason}`);
    throw err;
  }
}

/** Progress and logs: the process logger (stderr, with level and timestamp), so `--json` keeps stdout to one document. */
export function log(message: string): void {
  logger().info(message);
}

/** Prints one JSON document on stdout, numbers rounded as the API rounds them (domain/json.ts). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(roundNumbers(value), null, 2)}\n`);
}
