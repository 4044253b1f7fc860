-- SmartCrowd initial schema (seed §5). All instants are INTEGER epoch milliseconds, UTC.
-- Derived tables carry the params_hash and as_of they were computed with.

CREATE TABLE markets (
  id                TEXT PRIMARY KEY,
  question          TEXT,
  end_time          INTEGER,            -- scheduled end, epoch ms UTC (NULL when unknown)
  category          TEXT,
  liquidity         REAL,
  resolution_source TEXT,
  condition_id      TEXT,               -- Polymarket conditionId, when known
  is_placeholder    INTEGER NOT NULL DEFAULT 0 CHECK (is_placeholder IN (0, 1)),
  source            TEXT NOT NULL DEFAULT 'csv',
  raw_payload       TEXT,               -- upstream JSON, verbatim, for audit
  updated_at        INTEGER
);
CREATE INDEX markets_condition_id ON markets(condition_id);

CREATE TABLE trades (
  id              INTEGER PRIMARY KEY,
  external_id     TEXT NOT NULL UNIQUE,
  market_id       TEXT NOT NULL REFERENCES markets(id),
  wallet          TEXT NOT NULL,
  ts              INTEGER NOT NULL,     -- fill time, epoch ms UTC
  side            TEXT NOT NULL CHECK (side IN ('YES', 'NO')),
  action          TEXT NOT NULL CHECK (action IN ('BUY', 'SELL')),
  price           REAL NOT NULL CHECK (price > 0 AND price < 1),  -- price of the named side
  size            REAL NOT NULL CHECK (size > 0),                 -- shares
  aggressiveness  REAL,
  maker_taker     TEXT,
  source          TEXT NOT NULL DEFAULT 'csv',
  raw_payload     TEXT
);
CREATE INDEX trades_market_ts ON trades(market_id, ts);
CREATE INDEX trades_wallet_ts ON trades(wallet, ts);

CREATE TABLE outcomes (
  market_id        TEXT PRIMARY KEY REFERENCES markets(id),
  resolved_outcome INTEGER NOT NULL CHECK (resolved_outcome IN (0, 1)),
  resolution_time  INTEGER NOT NULL,    -- epoch ms UTC
  inferred         INTEGER NOT NULL DEFAULT 0 CHECK (inferred IN (0, 1)),  -- 1: from an outcome price >= outcomeThreshold
  source           TEXT NOT NULL DEFAULT 'csv'
);

CREATE TABLE wallet_metrics (
  params_hash       TEXT NOT NULL,
  as_of             INTEGER NOT NULL,
  wallet            TEXT NOT NULL,
  category          TEXT NOT NULL,      -- 'ALL' or a category
  horizon           TEXT NOT NULL,      -- 'ALL' or a horizon bucket label
  n_resolved        INTEGER NOT NULL,
  brier             REAL,
  log_loss          REAL,
  calibration_error REAL,
  edge              REAL,               -- mean (outcome - YES price paid) per YES-equivalent share, signed by direction
  roi               REAL,
  avg_size          REAL,
  churn             REAL,
  persistence       REAL,
  specialization    REAL,
  timing_edge       REAL,
  skill             REAL,               -- posterior mean per-fill edge against the price paid (the trust weight's skill)
  metrics_json      TEXT,
  PRIMARY KEY (params_hash, as_of, wallet, category, horizon)
);

CREATE TABLE wallet_weights (
  params_hash  TEXT NOT NULL,
  as_of        INTEGER NOT NULL,
  wallet       TEXT NOT NULL,
  category     TEXT NOT NULL,
  horizon      TEXT NOT NULL,
  weight       REAL NOT NULL,
  uncertainty  REAL NOT NULL,
  n_resolved   INTEGER NOT NULL,
  detail_json  TEXT,
  PRIMARY KEY (params_hash, as_of, wallet, category, horizon)
);
CREATE INDEX wallet_weights_rank ON wallet_weights(params_hash, as_of, category, horizon, weight DESC);

CREATE TABLE smartcrowd_snapshots (
  params_hash      TEXT NOT NULL,
  as_of            INTEGER NOT NULL,
  market_id        TEXT NOT NULL REFERENCES markets(id),
  run_id           TEXT,
  market_prob      REAL,
  smartcrowd_prob  REAL,
  divergence       REAL,
  disagreement     REAL,
  effective_n      REAL,
  integrity_risk   REAL,
  confidence       REAL,
  n_wallets        INTEGER NOT NULL,
  explanation_json TEXT NOT NULL,
  PRIMARY KEY (params_hash, as_of, market_id)
);
CREATE INDEX smartcrowd_snapshots_market ON smartcrowd_snapshots(market_id, as_of);

CREATE TABLE backtest_reports (
  run_id       TEXT PRIMARY KEY,
  params_hash  TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  cutoff_hours REAL NOT NULL,
  n_markets    INTEGER NOT NULL,
  summary_json TEXT NOT NULL
);

CREATE TABLE market_backtests (
  run_id          TEXT NOT NULL REFERENCES backtest_reports(run_id) ON DELETE CASCADE,
  market_id       TEXT NOT NULL,
  params_hash     TEXT NOT NULL,
  cutoff_ts       INTEGER NOT NULL,
  outcome         INTEGER NOT NULL CHECK (outcome IN (0, 1)),
  market_prob     REAL NOT NULL,
  smartcrowd_prob REAL,
  blend_prob      REAL,
  confidence      REAL NOT NULL,
  integrity_risk  REAL NOT NULL,
  n_wallets       INTEGER NOT NULL,
  row_json        TEXT,
  PRIMARY KEY (run_id, market_id)
);

CREATE TABLE ingestion_checkpoints (
  source        TEXT NOT NULL,          -- e.g. 'polymarket-trades'
  key           TEXT NOT NULL,          -- e.g. a market id
  last_ts       INTEGER,                -- newest covered instant, epoch ms
  metadata_json TEXT,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (source, key)
);

CREATE TABLE pipeline_runs (
  run_id       TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,           -- 'ingest-csv' | 'ingest-polymarket' | 'pipeline' | 'backtest' | 'sweep' | 'sync-cycle'
  status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  duration_ms  INTEGER,
  params_hash  TEXT,
  params_json  TEXT,                    -- the full parameter set the run used
  as_of        INTEGER,                 -- the instant a pipeline/backtest run computed as of, epoch ms
  progress     REAL NOT NULL DEFAULT 0, -- 0..1
  message      TEXT,
  counts_json  TEXT,
  error        TEXT
);
CREATE INDEX pipeline_runs_started ON pipeline_runs(started_at DESC);

CREATE TABLE system_metrics (
  name        TEXT NOT NULL,            -- e.g. 'rpc.calls', 'polymarket.retries'
  label       TEXT NOT NULL DEFAULT '', -- e.g. a procedure path or a fault kind
  count       INTEGER NOT NULL DEFAULT 0,
  errors      INTEGER NOT NULL DEFAULT 0,
  value       REAL,                     -- last gauge value, or a sum
  p50_ms      REAL,
  p95_ms      REAL,
  p99_ms      REAL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (name, label)
);
