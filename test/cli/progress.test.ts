import { describe, expect, it } from 'vitest';
import { compactNumber, duration, progressReporter } from '../../cli/progress.ts';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => (out.push(s), true) } };
}

describe('progress reporter', () => {
  it('redraws one line on a terminal with the rate and an ETA, throttled, and ends it', () => {
    const { out, stream } = sink(true);
    let t = 0;
    const p = progressReporter({ label: 'ingest', stream, now: () => t, minIntervalMs: 100 });
    for (let i = 1; i <= 20; i++) {
      t = i * 50; // 20 rows per 50 ms = 400 rows/s
      p.update({ note: 'trades.csv', done: i * 20, unit: 'rows', fraction: i / 40 });
    }
    p.finish('400 rows');
    expect(out.length).toBeLessThan(15); // throttled: not one draw per update
    expect(out.every((s, i) => i >= out.length - 2 || s.startsWith('\r'))).toBe(true);
    const last = out[out.length - 3]!;
    expect(last).toMatch(/^\ringest {2}trades\.csv {2}(380|400) rows {2}(48|50)% {2}400 rows\/s {2}ETA 1s\x1b\[K$/);
    expect(out[out.length - 2]).toBe('\n');
    expect(out[out.length - 1]).toBe('ingest  400 rows in 1s\n');
  });

  it('prints plain lines off a terminal, on each new stage; when quiet (--json) only log lines, or nothing without a logger', () => {
    const plain = sink(false);
    let t = 0;
    const p = progressReporter({ label: 'pipeline', stream: plain.stream, now: () => t });
    p.update({ fraction: 0.02, note: 'loading trade tape' });
    t = 10;
    p.update({ fraction: 0.03, note: 'loading trade tape' }); // same stage, soon after: no line
    p.update({ fraction: 0.15, note: 'profiling wallets' });
    expect(plain.out).toEqual(['pipeline  loading trade tape  2%\n', 'pipeline  profiling wallets  15%\n']);
    const quiet = sink(true);
    const q = progressReporter({ label: 'pipeline', stream: quiet.stream, quiet: true });
    q.update({ fraction: 0.5, note: 'x' });
    q.finish('done');
    expect(quiet.out).toEqual([]);
    const logged: string[] = [];
    const l = progressReporter({ label: 'backtest', stream: quiet.stream, quiet: true, log: (m) => logged.push(m) });
    l.update({ fraction: 0.5, note: 'market 201/400' });
    expect(quiet.out).toEqual([]); // no live line on the terminal
    expect(logged).toEqual(['backtest  market 201/400  50%']);
  });

  it('formats counts and durations compactly', () => {
    expect([compactNumber(999), compactNumber(12_345), compactNumber(12_459_199), compactNumber(3.2e9)]).toEqual(['999', '12.3k', '12.5M', '3.2G']);
    expect([duration(45), duration(185), duration(3725), duration(NaN)]).toEqual(['45s', '3m05s', '1h02m', '?']);
  });
});
