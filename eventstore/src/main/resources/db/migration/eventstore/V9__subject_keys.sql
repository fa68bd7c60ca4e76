-- Personal data keys: one data key per data subject (an entity, a comment), wrapped by a master key (see
-- io.decidr.eventstore.personal). Personal values in events and snapshots are sealed with their subject's key.
-- Erasing a subject deletes its wrapped key; the row stays as the record of who erased it, when and why. The event log
-- itself is never changed: what the key sealed there can simply never be read again.
CREATE TABLE subject_key (
    key_id       uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    subject_id   uuid        NOT NULL,
    -- the master key that wrapped it (master keys rotate; old ones stay configured while their keys are in use)
    master_key   text,
    wrapped      bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    erased_at    timestamptz,
    erased_by    text,
    erase_reason text,
    UNIQUE (tenant_id, subject_id),
    CHECK ((wrapped IS NULL) = (erased_at IS NOT NULL))
);

-- a subject erased before it ever had a key gets a row without one, so a later write cannot create one
CREATE INDEX subject_key_erased_idx ON subject_key (tenant_id, erased_at) WHERE erased_at IS NOT NULL;

-- The comments on an entity, from the log (a subject's export, exportSubject): partial, comment.added events only.
CREATE INDEX events_comment_added_by_entity
    ON events (tenant_id, (data ->> 'entity'))
    WHERE event_type = 'comment.added';
