package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;

/** An attribute's value, {@code previous}, was removed; when {@code personal}, it is personal data of the entity. */
public record ValueCleared(EntityId id, AttributeId attribute, Value previous, boolean personal)
        implements EntityEvent {

    /** A value that is not personal. */
    public ValueCleared(EntityId id, AttributeId attribute, Value previous) {
        this(id, attribute, previous, false);
    }
}
