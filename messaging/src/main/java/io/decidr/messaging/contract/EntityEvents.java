package io.decidr.messaging.contract;

import io.eventuate.tram.events.common.DomainEvent;
import java.util.Map;

/** Integration events of the channel {@code decidr.entity}. */
public final class EntityEvents {

    private EntityEvents() {
    }

    /**
     * A value as published.
     *
     * @param kind     text, number, boolean, date or select; {@code personal} for a value of a personal attribute that
     *                 is withheld (its value null: the tenant does not share personal values); {@code erased} for one
     *                 whose subject was erased
     * @param value    the text (text), decimal digits (number), "true"/"false" (boolean), ISO date (date) or the option
     *                 (select): always a string, so no digit of a number is lost on the way
     * @param personal true for a personal value the tenant shares (see {@code sharePersonalValues}); absent otherwise
     */
    public record Value(String kind, String value, Boolean personal) {

        /** A personal value: that it was set is published, not what it is. */
        public static final Value WITHHELD = new Value("personal", null);
        /** A personal value whose subject was erased. */
        public static final Value ERASED = new Value("erased", null);

        public Value(String kind, String value) {
            this(kind, value, null);
        }

        /** The same value, marked personal. */
        public Value asPersonal() {
            return new Value(kind, value, Boolean.TRUE);
        }
    }

    /** {@code entity.created.v1} */
    public record Created(String tenantId, String entityId, String collectionId, Map<String, Value> values)
            implements DomainEvent {
    }

    /** {@code entity.value-set.v1} */
    public record ValueSet(String tenantId, String entityId, String attributeId, Value value) implements DomainEvent {
    }

    /** {@code entity.value-cleared.v1} */
    public record ValueCleared(String tenantId, String entityId, String attributeId) implements DomainEvent {
    }

    /** {@code entity.linked.v1} */
    public record Linked(String tenantId, String entityId, String attributeId, String targetId) implements DomainEvent {
    }

    /** {@code entity.unlinked.v1} */
    public record Unlinked(String tenantId, String entityId, String attributeId, String targetId)
            implements DomainEvent {
    }

    /** {@code entity.archived.v1}: the links other entities hold to it are removed. */
    public record Archived(String tenantId, String entityId) implements DomainEvent {
    }

    /** {@code entity.restored.v1} */
    public record Restored(String tenantId, String entityId) implements DomainEvent {
    }

    /** {@code entity.erased.v1}: its personal values were erased, by {@code erasedBy} (an admin). */
    public record Erased(String tenantId, String entityId, String erasedBy) implements DomainEvent {
    }
}
