-- The transactional outbox, in Eventuate Tram's own tables and row format, so that Tram's CDC service (production)
-- and Tram's consumers read it unchanged. The append that stores an event writes its integration message in the same
-- statement (PostgresEventStore): no event without its message, no message without its event.
--   message.id       position in $all as 16 hex digits, '-', the event id: ordering by id orders a stream's messages
--                    as their events (a polling reader reads unpublished rows by id)
--   message.headers  a JSON map: ID, DESTINATION, PARTITION_ID (the aggregate id), DATE, event-aggregate-type,
--                    event-aggregate-id, event-type (a stable, versioned integration event type)
--   message.payload  the integration event (a published contract, not the internal event JSON)
-- received_messages is Tram's duplicate-message detector's table: a consumer's "received" row commits together with
-- the handler's effect.
-- Production's CDC reading the WAL needs a logical replication slot ('eventuate_slot', wal2json); it creates it, or
-- an operator does: this migration needs no replication privilege.
CREATE SCHEMA IF NOT EXISTS eventuate;

CREATE TABLE eventuate.message (
    id                VARCHAR(255) PRIMARY KEY,
    destination       TEXT NOT NULL,
    headers           TEXT NOT NULL,
    payload           TEXT NOT NULL,
    published         SMALLINT DEFAULT 0,
    message_partition SMALLINT,
    creation_time     BIGINT
);

CREATE INDEX message_published_idx ON eventuate.message (published, id);

CREATE TABLE eventuate.received_messages (
    consumer_id   VARCHAR(1000),
    message_id    VARCHAR(1000),
    creation_time BIGINT,
    published     SMALLINT DEFAULT 0,
    PRIMARY KEY (consumer_id, message_id)
);
