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
 * @param publication   the integration message the event publishes, or null for an event kept internal
 */
public record NewEvent(UUID eventId, String type, int schemaVersion, String data, Publication publication) {

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema versions start at 1");
        }
    }

    /** An event that publishes nothing. */
    public NewEvent(UUID eventId, String type, int schemaVersion, String data) {
        this(eventId, type, schemaVersion, data, null);
    }

    /** The same event, publishing the given message. */
    public NewEvent publishing(Publication message) {
        return new NewEvent(eventId, type, schemaVersion, data, message);
    }
}
