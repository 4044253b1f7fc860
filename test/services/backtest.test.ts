import { describe, expect, it } from 'vitest';
import { getBacktest, listBacktests, NothingToBacktestError, runBacktest } from '../../services/backtest.ts';
import { defaultParams, parseParams } from '../../engine/params.ts';
import { openDatabase } from '../../store/db.ts';
import { RunsRepo } from '../../store/runsRepo.ts';
import { openSmallWorld, tempDbPath } from '../helpers/smallWorld.ts';
import { runCli } from '../helpers/runCli.ts';

const strip = ({ run_id: _r, created_at: _c, ...rest }: { run_id: string; created_at: string } & object) => rest;

describe('backtest service', () => {
  it('stores market rows and a report with the params hash, recorded as a run', async () => {
    const { db } = openSmallWorld();
    const report = await runBacktest(db, { params: defaultParams });
    expect(report.n_markets).toBe(20);
    expect(db.prepare(`SELECT count(*) FROM market_backtests WHERE run_id = ?`).pluck().get(report.run_id)).toBe(20);
    expect(db.prepare(`SELECT params_hash FROM backtest_reports WHERE run_id = ?`).pluck().get(report.run_id)).toBe(report.params_hash);
    expect(new RunsRepo(db).get(report.run_id)!.status).toBe('succeeded');
    expect(getBacktest(db, report.run_id)).toEqual(report);
    expect(getBacktest(db, 'no-such-run')).toBeUndefined();
    expect(listBacktests(db)).toMatchObject({ items: [{ run_id: report.run_id, created_at: report.created_at }], total: 1 });
  });

  it('is deterministic: the same data and params give identical reports apart from run id and time', async () => {
    const a = await runBacktest(openSmallWorld().db, { params: defaultParams });
    const b = await runBacktest(openSmallWorld().db, { params: defaultParams });
    expect(JSON.stringify(strip(b))).toBe(JSON.stringify(strip(a)));
    const c = await runBacktest(openSmallWorld().db, { params: parseParams({ halfLifeHours: 48 }) });
    expect(c.params_hash).not.toBe(a.params_hash);
  });

  it('refuses clearly when there is nothing to backtest', async () => {
    const db = openDatabase(tempDbPath());
    await expect(runBacktest(db, { params: defaultParams })).rejects.toThrow(NothingToBacktestError);
    await expect(runBacktest(db, { params: defaultParams })).rejects.toThrow(/no resolved markets/);
  });

  it('`smartcrowd backtest --json` prints exactly the CONTRACTS.md §2 shape', () => {
    const { path, db } = openSmallWorld();
    db.close();
    const r = runCli(['backtest', '--db', path, '--json', '--cutoff-hours', '6']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(typeof doc.run_id).toBe('string');
    expect(doc.params_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(doc.cutoff_hours).toBe(6);
    expect(doc.n_markets).toBe(20);
    for (const k of ['market', 'smartcrowd', 'blend']) {
      expect(typeof doc.scores[k].brier).toBe('number');
      expect(typeof doc.scores[k].log_loss).toBe('number');
    }
    expect(typeof doc.diff_brier_smartcrowd_minus_market.mean).toBe('number');
    expect(doc.diff_brier_smartcrowd_minus_market.ci95).toHaveLength(2);
    expect(doc.rows).toHaveLength(20);
    const row = doc.rows[0];
    for (const k of ['market_id', 'cutoff_ts', 'outcome', 'market_prob', 'smartcrowd_prob', 'blend_prob', 'confidence', 'integrity_risk', 'n_wallets']) expect(row).toHaveProperty(k);
    expect(row.cutoff_ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect([0, 1]).toContain(row.outcome);
    expect(r.stderr).toMatch(/backtest/);
  });

  it('`smartcrowd backtest` exits 2 on an unknown parameter, naming it', () => {
    const { path, db } = openSmallWorld();
    db.close();
    const r = runCli(['backtest', '--db', path, '--cutoff-hours', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cutoff-hours/);
  });
});
