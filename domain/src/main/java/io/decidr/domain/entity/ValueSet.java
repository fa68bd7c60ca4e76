package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;

/**
 * An attribute got {@code value}; {@code previous} is the value it replaced, null if it had none. When
 * {@code personal}, both are personal data of the entity (sealed with its key where stored).
 */
public record ValueSet(EntityId id, AttributeId attribute, Value value, Value previous, boolean personal)
        implements EntityEvent {

    /** A value that is not personal. */
    public ValueSet(EntityId id, AttributeId attribute, Value value, Value previous) {
        this(id, attribute, value, previous, false);
    }
}
