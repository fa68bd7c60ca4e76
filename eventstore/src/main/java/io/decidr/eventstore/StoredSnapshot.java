package io.decidr.eventstore;

/**
 * Folded state of a stream up to a version, as JSON, stamped with the state's schema version.
 *
 * @param stream        the stream
 * @param version       the last event folded into {@code state}
 * @param schemaVersion the state layout's version; a reader expecting another version ignores the snapshot
 * @param state         the state as a JSON object
 */
public record StoredSnapshot(StreamId stream, long version, int schemaVersion, String state) {
}
