-- Viidakko grain storage, schema version 3: events in commit order, for a network's feed.
-- Applied by `dotnet Viidakko.Silo.dll migrate`, like 01 and 02.

-- Silos write concurrently, so the order in which event rows commit is known only afterwards. Each
-- row records the transaction that wrote it (tx) and a row number (id). A reader serves rows in
-- (tx, id) order and only those of transactions older than every transaction still running (the
-- snapshot's xmin): nothing can commit among those any more, so a reader that resumes after the
-- last (tx, id) it saw misses nothing. Rows stored before this migration get its transaction id.
ALTER TABLE viidakko.grain_event ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE viidakko.grain_event ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;

-- A network's events (the first part of a firm's key is its network) as one range, in that order.
CREATE INDEX grain_event_group ON viidakko.grain_event (state_name, grain_type, split_part(grain_key, '/', 1), tx, id);
