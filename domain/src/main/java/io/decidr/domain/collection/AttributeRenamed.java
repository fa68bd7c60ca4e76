package io.decidr.domain.collection;

/** An attribute got a new {@code name} (stripped). */
public record AttributeRenamed(CollectionId id, AttributeId attributeId, String name) implements CollectionEvent {
}
