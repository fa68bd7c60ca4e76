package io.decidr.eventstore;

import io.decidr.eventstore.personal.NewKey;
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
 * @param keys            data keys of the tenant's subjects that have none yet, which the events' personal values are
 *                        sealed with: stored with the events, in the same commit (mostly none)
 */
public record AppendRequest(String scope, UUID tenantId, StreamId stream, long expectedVersion, List<NewEvent> events,
        EventMetadata metadata, List<NewKey> keys) {

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
        keys = List.copyOf(keys);
    }

    /** A request that brings no new key. */
    public AppendRequest(
            String scope, UUID tenantId, StreamId stream, long expectedVersion, List<NewEvent> events, EventMetadata metadata) {
        this(scope, tenantId, stream, expectedVersion, events, metadata, List.of());
    }
}
