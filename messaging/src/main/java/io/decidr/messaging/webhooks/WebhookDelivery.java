package io.decidr.messaging.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event for one endpoint, and what became of it.
 *
 * @param id            its place in the order of deliveries (an endpoint receives an aggregate's events in this order)
 * @param messageId     the integration message's id, sent as the event's id: the same on every retry and replay
 * @param body          the JSON body sent (and signed) as it is
 * @param attempts      how often it was sent
 * @param nextAttemptAt when it is sent again (pending deliveries)
 * @param lastStatus    the HTTP status of the last answer, null when none came (timeout, refused, ...)
 * @param log           its attempts, oldest first (filled where asked for)
 */
public record WebhookDelivery(long id, UUID webhookId, String messageId, String eventType, String aggregateId,
        String body, Status status, int attempts, Instant createdAt, Instant nextAttemptAt, Instant lastAttemptAt,
        Integer lastStatus, String lastError, Instant deliveredAt, List<Attempt> log) {

    public enum Status {
        /** To be sent (again). */
        PENDING,
        /** Answered with a 2xx. */
        DELIVERED,
        /** Retried for longer than allowed: dead-lettered, until an admin replays it. */
        DEAD,
        /** Its endpoint was deleted before it went out. */
        CANCELLED
    }

    /** One try: its HTTP status when an answer came, else why not. */
    public record Attempt(int attempt, Instant at, int durationMillis, Integer status, String error) {
    }

    public WebhookDelivery {
        log = List.copyOf(log);
    }

    WebhookDelivery withLog(List<Attempt> entries) {
        return new WebhookDelivery(id, webhookId, messageId, eventType, aggregateId, body, status, attempts,
                createdAt, nextAttemptAt, lastAttemptAt, lastStatus, lastError, deliveredAt, entries);
    }
}
