package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;

/** The entity no longer links to {@code target} through {@code attribute}. */
public record EntityUnlinked(EntityId id, AttributeId attribute, EntityId target) implements EntityEvent {
}
