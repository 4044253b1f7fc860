-- 0007: trades are append-only; this counts every change that is not an append (a deleted or an
-- updated row), so the tape file's fingerprint (store/tapeFile.ts) tells a changed store from the
-- rowid range and this counter instead of counting every trade (~1.6 s at 12.5M trades, on every
-- tape load and every server request). Appends cost nothing: no trigger fires on INSERT.
CREATE TABLE IF NOT EXISTS trade_edits (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  edits INTEGER NOT NULL
);
INSERT OR IGNORE INTO trade_edits (id, edits) VALUES (1, 0);
CREATE TRIGGER IF NOT EXISTS trades_edit_delete AFTER DELETE ON trades
  BEGIN UPDATE trade_edits SET edits = edits + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS trades_edit_update AFTER UPDATE ON trades
  BEGIN UPDATE trade_edits SET edits = edits + 1 WHERE id = 1; END;
