package io.decidr.eventstore;

import java.util.Objects;

/**
 * The integration message an event publishes: the append writes it to the outbox (Eventuate Tram's message table) in
 * the same statement as the event, so one never exists without the other.
 *
 * @param aggregateType the channel (Tram's destination and {@code event-aggregate-type}), e.g. {@code decidr.entity}
 * @param aggregateId   the aggregate the event is about: the partition key, so one aggregate's messages stay in order
 * @param eventType     the stable, versioned integration event type, e.g. {@code entity.archived.v1}
 * @param payload       the integration event as a JSON object (a published contract, not the stored event's JSON)
 */
public record Publication(String aggregateType, String aggregateId, String eventType, String payload) {

    public Publication {
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
    }
}
