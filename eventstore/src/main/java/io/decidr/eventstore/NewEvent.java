package io.decidr.eventstore;

import java.util.Objects;
import java.util.UUID;

/**
 * An event about to be appended, already encoded.
 *
 * @param eventId       unique id of this event
 * @param type          stable event type name (never a Java class name), e.g. {@code entity.value-set}
 * @param schemaVersion version of the {@code data} layout for this type
 * @param data          the event as a JSON object
 */
public record NewEvent(UUID eventId, String type, int schemaVersion, String data) {

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema versions start at 1");
        }
    }
}
