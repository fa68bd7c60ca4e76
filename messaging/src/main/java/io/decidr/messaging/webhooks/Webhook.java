package io.decidr.messaging.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint of a tenant subscribed to integration event types, as shown to its admins (never its secret).
 *
 * @param eventTypes          published type names, a channel's prefix ({@code entity.*}) or {@code *}
 * @param previousSecretUntil while set and not passed, deliveries are signed with the replaced secret too
 * @param pending             deliveries not yet delivered (nor dead-lettered)
 * @param dead                dead-lettered deliveries (an admin may replay them)
 */
public record Webhook(UUID id, UUID tenantId, String url, List<String> eventTypes, String description,
        Status status, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
        Instant previousSecretUntil, long pending, long dead) {

    public enum Status {
        /** Deliveries go out. */
        ACTIVE,
        /** Deliveries are enqueued but held until resumed. */
        PAUSED,
        /** Gone: nothing more is enqueued, pending deliveries were cancelled (the log stays until purged). */
        DELETED
    }

    public Webhook {
        eventTypes = List.copyOf(eventTypes);
    }
}
