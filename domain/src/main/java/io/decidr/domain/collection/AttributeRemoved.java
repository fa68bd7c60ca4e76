package io.decidr.domain.collection;

/** An attribute was removed from the schema. */
public record AttributeRemoved(CollectionId id, AttributeId attributeId) implements CollectionEvent {
}
