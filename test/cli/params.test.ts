import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/runCli.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';

describe('--params FILE', () => {
  it('an unknown key or a wrong type is bad input: exit 2 naming the key', () => {
    const { path, db } = openSmallWorld();
    db.close();
    const dir = mkdtempSync(join(tmpdir(), 'sc-params-'));
    writeFileSync(join(dir, 'unknown.json'), JSON.stringify({ halfLifeHourz: 5 }));
    writeFileSync(join(dir, 'type.json'), JSON.stringify({ priorStrength: 'lots' }));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    const unknown = runCli(['pipeline', '--db', path, '--params', join(dir, 'unknown.json')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/halfLifeHourz/);
    const type = runCli(['backtest', '--db', path, '--params', join(dir, 'type.json')]);
    expect(type.code).toBe(2);
    expect(type.stderr).toMatch(/priorStrength/);
    const broken = runCli(['pipeline', '--db', path, '--params', join(dir, 'broken.json')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON/);
  });

  it('valid overrides are used and recorded: the pipeline prints the params hash it ran with', () => {
    const { path, db, asOf } = openSmallWorld();
    db.close();
    const dir = mkdtempSync(join(tmpdir(), 'sc-params-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ halfLifeHours: 30 }));
    const a = JSON.parse(runCli(['pipeline', '--db', path, '--as-of', String(asOf), '--json']).stdout);
    const b = JSON.parse(runCli(['pipeline', '--db', path, '--as-of', String(asOf), '--json', '--params', join(dir, 'p.json')]).stdout);
    expect(b.params_hash).not.toBe(a.params_hash);
    expect(b.counts.snapshots).toBe(a.counts.snapshots);
  });
});
