-- Exclusive worker locks (the sync worker): one row per lock name while held.
CREATE TABLE worker_locks (
  name         TEXT PRIMARY KEY,
  holder       TEXT NOT NULL,      -- "pid@host"
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  acquired_at  INTEGER NOT NULL,   -- epoch ms
  heartbeat_at INTEGER NOT NULL    -- epoch ms; a lock not refreshed for its TTL is stale
);
