-- 0005: the screener reads a run's snapshots through an index that holds every column it lists and
-- sorts by, so it never reads the snapshot rows themselves (each carries a ~5 kB explanation).
CREATE INDEX IF NOT EXISTS smartcrowd_snapshots_run
  ON smartcrowd_snapshots(run_id, market_id, as_of, market_prob, smartcrowd_prob, divergence, confidence, integrity_risk, n_wallets, effective_n);
