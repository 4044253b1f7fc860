-- 0006: the leaderboard ranks only the ALL × ALL weights (one row per wallet), so its index holds
-- only those rows, in the leaderboard's own order (weight DESC, wallet). The old index held every
-- (wallet, category, horizon) row — ~10× as many, each inserted at a random place — and was a third
-- of the time a 12.5M-trade pipeline spent storing trust weights.
DROP INDEX IF EXISTS wallet_weights_rank;
CREATE INDEX IF NOT EXISTS wallet_weights_rank_all
  ON wallet_weights(params_hash, as_of, weight DESC, wallet) WHERE category = 'ALL' AND horizon = 'ALL';
