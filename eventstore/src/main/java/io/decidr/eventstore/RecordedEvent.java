package io.decidr.eventstore;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as stored in the log.
 *
 * @param checkpoint    its place in commit-safe {@code $all} order
 * @param tenantId      the tenant the stream belongs to
 * @param stream        the stream it belongs to
 * @param streamVersion its version within the stream, from 1 without holes
 * @param eventId       unique id
 * @param type          stable event type name
 * @param schemaVersion version of the layout of {@code data} as stored (before upcasting)
 * @param data          the event as a JSON object
 * @param metadata      the {@link EventMetadata} as a JSON object
 * @param recordedAt    commit-time clock of the database
 */
public record RecordedEvent(
        Checkpoint checkpoint,
        UUID tenantId,
        StreamId stream,
        long streamVersion,
        UUID eventId,
        String type,
        int schemaVersion,
        String data,
        String metadata,
        Instant recordedAt) {
}
