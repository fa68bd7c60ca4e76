-- Files uploaded for imports, kept outside the event log: an upload is mutable while it is received and deleted
-- once the import that claimed it ends (or when it expires unused). Nothing here is an event.

-- One upload: who sent it, its format (and a CSV's header line), how far it is received, and the job that claimed it.
-- Sweeper: expired unclaimed uploads, and uploads whose receiving stalled (touched_at).
CREATE TABLE uploads (
    upload_id   uuid PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    uploaded_by text        NOT NULL,
    format      text        NOT NULL,
    header      text,
    complete    boolean     NOT NULL DEFAULT false,
    bytes       bigint      NOT NULL DEFAULT 0,
    row_count   bigint      NOT NULL DEFAULT 0,
    parts       int         NOT NULL DEFAULT 0,
    job_id      uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    touched_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

-- A tenant's uploads (its quota).
CREATE INDEX uploads_by_tenant ON uploads (tenant_id);

-- The upload's rows in parts of whole rows (about 1 MiB each), keyed by the index of their first row: the part
-- holding row r is the one with the greatest first_row <= r.
CREATE TABLE upload_parts (
    upload_id uuid   NOT NULL REFERENCES uploads (upload_id) ON DELETE CASCADE,
    first_row bigint NOT NULL,
    row_count int    NOT NULL,
    data      bytea  NOT NULL,
    PRIMARY KEY (upload_id, first_row)
);
