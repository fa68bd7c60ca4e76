package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;

/** An attribute's value, {@code previous}, was removed. */
public record ValueCleared(EntityId id, AttributeId attribute, Value previous) implements EntityEvent {
}
