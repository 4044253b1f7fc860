-- 0004: (1) who runs each run, so a run left 'running' by a process that died (kill -9, a crash)
-- can be marked failed with the reason; (2) a small key/value table describing the store itself
-- (who created it: the demo may only rebuild a database it created); (3) instants outside
-- 1970-01-01 .. 2099-12-31 (accepted before the one instant rule) moved aside, so no stored value
-- can make a read fail. 4102444800000 = 2100-01-01T00:00:00Z in epoch ms.

ALTER TABLE pipeline_runs ADD COLUMN owner_pid INTEGER;   -- process id of the run's process
ALTER TABLE pipeline_runs ADD COLUMN owner_host TEXT;     -- host name of the run's process
CREATE INDEX pipeline_runs_running ON pipeline_runs(status) WHERE status = 'running';

-- Runs left 'running' before this version have no known owner: their process is gone or is an
-- older SmartCrowd that cannot finish them under this schema.
UPDATE pipeline_runs
   SET status = 'failed',
       finished_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000,
       duration_ms = CAST(strftime('%s', 'now') AS INTEGER) * 1000 - started_at,
       error = 'AbandonedRunError: left running by a process that ended before schema version 4 (owner unknown)'
 WHERE status = 'running';

CREATE TABLE store_info (
  key   TEXT PRIMARY KEY,   -- e.g. 'created_by'
  value TEXT NOT NULL
);

-- Rows moved aside by a migration, verbatim, with the reason (nothing is silently lost).
CREATE TABLE quarantine (
  id         INTEGER PRIMARY KEY,
  table_name TEXT NOT NULL,
  row_json   TEXT NOT NULL,
  reason     TEXT NOT NULL,
  moved_at   INTEGER NOT NULL  -- epoch ms
);

INSERT INTO quarantine (table_name, row_json, reason, moved_at)
SELECT 'trades',
       json_object('id', id, 'external_id', external_id, 'market_id', market_id, 'wallet', wallet, 'ts', ts, 'side', side,
                   'action', action, 'price', price, 'size', size, 'aggressiveness', aggressiveness, 'maker_taker', maker_taker,
                   'source', source, 'raw_payload', raw_payload),
       'ts outside 1970..2099', CAST(strftime('%s', 'now') AS INTEGER) * 1000
  FROM trades WHERE ts < 0 OR ts >= 4102444800000;
DELETE FROM trades WHERE ts < 0 OR ts >= 4102444800000;

INSERT INTO quarantine (table_name, row_json, reason, moved_at)
SELECT 'outcomes',
       json_object('market_id', market_id, 'resolved_outcome', resolved_outcome, 'resolution_time', resolution_time, 'inferred', inferred, 'source', source),
       'resolution_time outside 1970..2099', CAST(strftime('%s', 'now') AS INTEGER) * 1000
  FROM outcomes WHERE resolution_time < 0 OR resolution_time >= 4102444800000;
DELETE FROM outcomes WHERE resolution_time < 0 OR resolution_time >= 4102444800000;

INSERT INTO quarantine (table_name, row_json, reason, moved_at)
SELECT 'markets', json_object('id', id, 'end_time', end_time), 'end_time outside 1970..2099 (set to NULL)', CAST(strftime('%s', 'now') AS INTEGER) * 1000
  FROM markets WHERE end_time < 0 OR end_time >= 4102444800000;
UPDATE markets SET end_time = NULL WHERE end_time < 0 OR end_time >= 4102444800000;

-- Derived rows computed as of an out-of-range instant: recomputable, so dropped.
INSERT INTO quarantine (table_name, row_json, reason, moved_at)
SELECT 'pipeline_runs', json_object('run_id', run_id, 'kind', kind, 'as_of', as_of), 'as_of outside 1970..2099 (set to NULL)', CAST(strftime('%s', 'now') AS INTEGER) * 1000
  FROM pipeline_runs WHERE as_of < 0 OR as_of >= 4102444800000;
UPDATE pipeline_runs SET as_of = NULL, status = CASE WHEN kind = 'pipeline' THEN 'failed' ELSE status END,
       error = CASE WHEN kind = 'pipeline' THEN coalesce(error, 'computed as of an instant outside 1970..2099') ELSE error END
 WHERE as_of < 0 OR as_of >= 4102444800000;
DELETE FROM smartcrowd_snapshots WHERE as_of < 0 OR as_of >= 4102444800000;
DELETE FROM wallet_weights WHERE as_of < 0 OR as_of >= 4102444800000;
DELETE FROM wallet_metrics WHERE as_of < 0 OR as_of >= 4102444800000;
