/**
 * Progress of a long command (ingest, pipeline, backtest, sweep, tune). On a terminal (stderr is a
 * TTY): one line redrawn in place on stderr, at most every `minIntervalMs`, with what is done, the
 * rate (rows/s, markets/s …) and an ETA. Off a terminal (logs, pipes), or with `quiet` (the
 * commands' `--json`, whose stdout is one document and whose stderr carries only logs): no live
 * line, but a log line through `log` (the CLI's logger) when the stage changes or every
 * `logEveryMs`; without `log`, quiet means nothing at all.
 */

export interface ProgressUpdate {
  /** Units done so far (rows, markets, parameter sets); with `unit`, shown with a rate. */
  done?: number;
  /** Units in all, when known. */
  total?: number;
  /** Name of the unit, plural ("rows", "markets"). */
  unit?: string;
  /** Fraction of the whole job done, 0..1 (for the ETA when `total` is unknown, e.g. bytes read). */
  fraction?: number;
  /** What is happening now ("trades.csv", "storing snapshots"). */
  note?: string;
}

export interface ProgressReporter {
  update(u: ProgressUpdate): void;
  /** Ends the line (terminal) and prints `summary` if given. */
  finish(summary?: string): void;
}

export interface ProgressOptions {
  /** First word of the line ("ingest", "pipeline"). */
  label: string;
  /** No live line (`--json`): only the log lines, if `log` is given. */
  quiet?: boolean;
  /** Where lines go off a terminal (default: a line on `stream`). */
  log?: (line: string) => void;
  stream?: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
  /** Clock in ms (tests). */
  now?: () => number;
  minIntervalMs?: number;
  logEveryMs?: number;
}

/** 1234 → "1.2k", 12_459_199 → "12.5M". */
export function compactNumber(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** Seconds → "45s", "3m05s", "1h02m". */
export function duration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
}

/** A progress reporter writing to stderr (or `stream`). */
export function progressReporter(opts: ProgressOptions): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? (() => performance.now());
  const tty = stream.isTTY === true && !opts.quiet;
  const minInterval = opts.minIntervalMs ?? 150;
  const logEvery = opts.logEveryMs ?? 10_000;
  const start = now();
  let lastDraw = -Infinity;
  let lastNote: string | undefined;
  let drawn = false;
  // Rate over a sliding window of recent samples, so a slow start or a pause does not linger.
  const window: { t: number; done: number; fraction: number }[] = [];

  const line = (u: ProgressUpdate, t: number): string => {
    // A count that goes back (the next file) starts a new rate window.
    if (window.length > 0 && (u.done ?? 0) < window[window.length - 1]!.done) window.length = 0;
    window.push({ t, done: u.done ?? 0, fraction: u.fraction ?? (u.total ? (u.done ?? 0) / u.total : NaN) });
    while (window.length > 2 && t - window[0]!.t > 10_000) window.shift();
    const first = window[0]!;
    const dt = (t - first.t) / 1000;
    const parts = [opts.label];
    if (u.note) parts.push(u.note);
    if (u.done !== undefined) parts.push(`${compactNumber(u.done)}${u.total ? `/${compactNumber(u.total)}` : ''}${u.unit ? ` ${u.unit}` : ''}`);
    const frac = u.fraction ?? (u.total ? (u.done ?? 0) / u.total : undefined);
    if (frac !== undefined) parts.push(`${(100 * Math.min(1, Math.max(0, frac))).toFixed(0)}%`);
    if (dt >= 0.5) {
      if (u.unit && u.done !== undefined) parts.push(`${compactNumber((u.done - first.done) / dt)} ${u.unit}/s`);
      if (frac !== undefined && frac > 0 && frac < 1 && Number.isFinite(first.fraction) && frac > first.fraction) {
        parts.push(`ETA ${duration(((1 - frac) * dt) / (frac - first.fraction))}`);
      }
    }
    return parts.join('  ');
  };

  return {
    update(u) {
      if (opts.quiet && !opts.log) return;
      const t = now();
      const noteChanged = u.note !== lastNote;
      if (tty ? t - lastDraw < minInterval && !noteChanged : t - lastDraw < logEvery && !noteChanged) {
        line(u, t); // keep the rate window current
        return;
      }
      lastDraw = t;
      lastNote = u.note;
      const text = line(u, t);
      if (tty) {
        stream.write(`\r${text}\x1b[K`);
        drawn = true;
      } else if (opts.log) opts.log(text);
      else stream.write(`${text}\n`);
    },
    finish(summary) {
      if (opts.quiet && !opts.log) return;
      if (drawn) stream.write('\n');
      drawn = false;
      if (!summary) return;
      const text = `${opts.label}  ${summary} in ${duration((now() - start) / 1000)}`;
      if (!tty && opts.log) opts.log(text);
      else stream.write(`${text}\n`);
    },
  };
}
