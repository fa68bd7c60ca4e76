-- The append-only event log. Rows are only ever inserted: no UPDATE or DELETE touches this table.
CREATE TABLE events (
    global_position bigserial   PRIMARY KEY,
    -- the writing transaction: readers follow (tx, global_position), because a bigserial is not commit order
    tx              xid8        NOT NULL DEFAULT pg_current_xact_id(),
    tenant_id       uuid        NOT NULL,
    stream_id       text        NOT NULL,
    stream_version  bigint      NOT NULL CHECK (stream_version > 0),
    event_id        uuid        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    schema_version  int         NOT NULL CHECK (schema_version > 0),
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    -- prevents lost updates: two writers cannot both append version n of one stream
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
);

-- commit-safe reading of $all: WHERE (tx, global_position) > checkpoint AND tx < xmin ORDER BY tx, global_position
CREATE INDEX events_tx_position ON events (tx, global_position);

-- The log is append-only: any attempt to change or remove an event fails loudly.
CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();

CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

-- Command-id idempotency: one row per handled command, written in the same statement as its events.
-- The scope is the caller's tenant, so tenants never see each other's command ids.
CREATE TABLE commands (
    scope        text        NOT NULL,
    command_id   uuid        NOT NULL,
    stream_id    text        NOT NULL,
    from_version bigint      NOT NULL,
    to_version   bigint      NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, command_id)
);

-- Snapshots are a cache of folded state, not part of the log: they may be replaced or thrown away.
CREATE TABLE snapshots (
    stream_id      text        PRIMARY KEY,
    tenant_id      uuid        NOT NULL,
    stream_version bigint      NOT NULL,
    schema_version int         NOT NULL,
    state          jsonb       NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);

-- Wakes readers as soon as a transaction that appended events commits (NOTIFY is delivered on commit).
CREATE FUNCTION notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('decidr_events', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER events_appended
    AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended();
