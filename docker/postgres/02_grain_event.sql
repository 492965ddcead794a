-- Viidakko grain storage, schema version 2: event logs.
-- Applied by `dotnet Viidakko.Silo.dll migrate`, like 01.

-- Events of a grain's event log (a firm's event feed), one row each, numbered per grain without
-- gaps, written in the same transaction as their grain_state row and only when that row's version
-- check passed: an event exists exactly when the change it describes was stored. Read by range
-- (sequence > cursor), never with the state. event_time is in Unix milliseconds; rows older than
-- the retention are deleted in small batches by the silos.
CREATE TABLE viidakko.grain_event (
    state_name     text    NOT NULL,
    grain_type     text    NOT NULL,
    grain_key      text    NOT NULL,
    sequence       bigint  NOT NULL,
    event_time     bigint  NOT NULL,
    payload        jsonb   NOT NULL,
    format_version integer NOT NULL,
    PRIMARY KEY (state_name, grain_type, grain_key, sequence)
);

CREATE INDEX grain_event_time ON viidakko.grain_event (event_time);
