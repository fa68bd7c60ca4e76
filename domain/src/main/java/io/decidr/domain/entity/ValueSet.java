package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;

/** An attribute got {@code value}; {@code previous} is the value it replaced, null if it had none. */
public record ValueSet(EntityId id, AttributeId attribute, Value value, Value previous) implements EntityEvent {
}
