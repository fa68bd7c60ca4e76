-- Which entities were created in a collection, in commit-safe order: the archive-collection saga pages through a
-- collection's entities with it (PostgresEventStore.entitiesCreatedIn). Partial: it holds entity.created events only.
-- Building it blocks appends for as long as it takes; on a large log, build it first by hand with
-- CREATE INDEX CONCURRENTLY under this name, and this migration finds it there.
CREATE INDEX IF NOT EXISTS events_entity_created_by_collection
    ON events (tenant_id, (data ->> 'collection'), tx, global_position)
    WHERE event_type = 'entity.created';
