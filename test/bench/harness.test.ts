import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The benchmark harness runs end to end at a tiny scale and writes its report. Speed targets are
// checked by `npm run bench` at full scale, never here.
describe('npm run bench (harness smoke test)', () => {
  it('measures every benchmark and writes a report with the targets', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sc-bench-test-')), 'r.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../bench/run.ts'), '--scale', 'small', '--runs', '1', '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.scale).toBe('small');
    expect(doc.machine.cores).toBeGreaterThan(0);
    for (const k of ['ingest', 'pipeline', 'backtest', 'sweep', 'http']) expect(doc.results).toHaveProperty(k);
    expect(doc.targets.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['pipeline wall time', 'pipeline peak RSS', 'walk-forward backtest', 'screener p99 over HTTP']),
    );
    expect(r.stdout).toMatch(/\| measure \| value \| target \|/);
  }, 150_000);
});
