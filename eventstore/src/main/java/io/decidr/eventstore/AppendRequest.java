package io.decidr.eventstore;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Events to append to one stream, on the condition that the stream is at {@code expectedVersion}.
 *
 * @param scope           the namespace of command ids (the calling tenant), so tenants never collide
 * @param tenantId        the tenant the stream belongs to
 * @param stream          the stream
 * @param expectedVersion the stream's version the events were decided on (0 for a new stream)
 * @param events          the events, possibly none (the command is then still recorded for idempotency)
 * @param metadata        command, causation and correlation ids, actor
 */
public record AppendRequest(
        String scope, UUID tenantId, StreamId stream, long expectedVersion, List<NewEvent> events, EventMetadata metadata) {

    public AppendRequest {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(metadata.commandId(), "metadata.commandId");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative");
        }
        events = List.copyOf(events);
    }
}
