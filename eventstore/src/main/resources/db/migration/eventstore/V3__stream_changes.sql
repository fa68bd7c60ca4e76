-- Names each tenant or collection stream an append changed, so that every process's cache of those (looked up by
-- nearly every command) drops it at once instead of reading the log on every command. Entities and the rest are
-- not announced: their writers check versions on append. A row trigger whose WHEN is false costs next to nothing.
CREATE FUNCTION notify_stream_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('decidr_streams', NEW.stream_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER events_stream_changed
    AFTER INSERT ON events
    FOR EACH ROW
    WHEN (NEW.stream_id LIKE 'tenant:%' OR NEW.stream_id LIKE 'collection:%')
    EXECUTE FUNCTION notify_stream_changed();
