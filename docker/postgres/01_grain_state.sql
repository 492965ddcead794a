-- Viidakko grain storage, schema version 1.
-- Applied by `dotnet Viidakko.Silo.dll migrate` (the compose file's `migrate` step), once, in a
-- transaction, and recorded in viidakko.schema_migrations. Safe to read by hand; do not edit an
-- applied migration: add the next numbered file instead.

CREATE SCHEMA IF NOT EXISTS viidakko;

-- One row per grain state: the state's own fields as JSON (camelCase, no type names), and the
-- version that is its ETag. A write applies only WHERE version = the version the grain read, so a
-- stale duplicate activation can never overwrite newer state.
CREATE TABLE viidakko.grain_state (
    state_name     text        NOT NULL,
    grain_type     text        NOT NULL,
    grain_key      text        NOT NULL,
    payload        jsonb       NOT NULL,
    format_version integer     NOT NULL,
    version        bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (state_name, grain_type, grain_key)
);

-- Entries of collections that grow with a grain's history (a firm's partnerships, clients,
-- referrals, feedback), one row each, written in the same transaction as their grain_state row and
-- only when that row's version check passed.
CREATE TABLE viidakko.grain_item (
    state_name     text    NOT NULL,
    grain_type     text    NOT NULL,
    grain_key      text    NOT NULL,
    collection     text    NOT NULL,
    item_key       text    NOT NULL,
    payload        jsonb   NOT NULL,
    format_version integer NOT NULL,
    PRIMARY KEY (state_name, grain_type, grain_key, collection, item_key)
);
