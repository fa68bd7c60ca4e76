package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;

/** {@code source} no longer links to this entity through {@code sourceAttribute}. */
public record BacklinkRemoved(EntityId id, EntityId source, AttributeId sourceAttribute) implements EntityEvent {
}
