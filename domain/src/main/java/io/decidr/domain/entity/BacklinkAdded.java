package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;

/** {@code source}, of {@code sourceCollection}, now links to this entity through {@code sourceAttribute}. */
public record BacklinkAdded(
        EntityId id, EntityId source, CollectionId sourceCollection, AttributeId sourceAttribute)
        implements EntityEvent {
}
