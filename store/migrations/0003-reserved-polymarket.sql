-- Placeholder: version 3 is reserved for the live-Polymarket ingestion work (its own 0003-*.sql).
-- It changes nothing, so 0004 can be applied on a branch where that migration has not landed yet.
-- When the real 0003 lands, it replaces this file (see the note in 0004).
SELECT 1;
