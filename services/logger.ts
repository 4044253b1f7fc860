import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/** Log levels, least to most severe, plus `silent`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** `json`: one JSON object per line; `pretty`: a human line; `auto`: pretty on a terminal, JSON otherwise. */
export type LogFormat = 'json' | 'pretty' | 'auto';

export interface LoggerOptions {
  /** Default `info` (SMARTCROWD_LOG_LEVEL). */
  level?: LogLevel;
  /** Default `auto` (SMARTCROWD_LOG_FORMAT). */
  format?: LogFormat;
  /** File descriptor written to, synchronously (lines are never lost on exit). Default 2 (stderr). */
  fd?: number;
}

/**
 * A pino logger: every line has a level and an ISO 8601 UTC timestamp (`time`), JSON when the
 * output is not a terminal (for journald, files, log shippers) and one readable line per entry
 * on a terminal. Writes synchronously to stderr, keeping stdout for command output (`--json`).
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const fd = opts.fd ?? 2;
  const format = opts.format ?? 'auto';
  const json = format === 'json' || (format === 'auto' && !isTty(fd));
  const options = { level: opts.level ?? 'info', timestamp: pino.stdTimeFunctions.isoTime, base: undefined, messageKey: 'msg' };
  if (json) return pino(options, pino.destination({ fd, sync: true }));
  return pino(options, pretty({ destination: fd, sync: true, colorize: isTty(fd), translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o', ignore: 'pid,hostname' }));
}

function isTty(fd: number): boolean {
  return (fd === 2 && process.stderr.isTTY) || (fd === 1 && process.stdout.isTTY) || false;
}

let current: Logger | null = null;

/** The process's logger (configured once by the CLI at start-up; from SMARTCROWD_LOG_* otherwise). */
export function logger(): Logger {
  current ??= createLogger(loggerOptionsFromEnv(process.env));
  return current;
}

/** Replaces the process's logger (the CLI does it after reading --log-level/--log-format). */
export function setLogger(l: Logger): void {
  current = l;
}

/** A logger that drops everything (tests, embedding). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Logger options from SMARTCROWD_LOG_LEVEL and SMARTCROWD_LOG_FORMAT (invalid values are ignored). */
export function loggerOptionsFromEnv(env: NodeJS.ProcessEnv): LoggerOptions {
  const level = env.SMARTCROWD_LOG_LEVEL?.toLowerCase();
  const format = env.SMARTCROWD_LOG_FORMAT?.toLowerCase();
  return {
    level: (LOG_LEVELS as readonly string[]).includes(level ?? '') ? (level as LogLevel) : undefined,
    format: format === 'json' || format === 'pretty' || format === 'auto' ? format : undefined,
  };
}
