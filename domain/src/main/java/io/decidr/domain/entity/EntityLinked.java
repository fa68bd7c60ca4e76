package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;

/** The entity now links to {@code target} through {@code attribute}. */
public record EntityLinked(EntityId id, AttributeId attribute, EntityId target) implements EntityEvent {
}
