package io.decidr.domain.collection;

/** A collection was created under {@code name} (stripped). */
public record CollectionCreated(CollectionId id, String name) implements CollectionEvent {
}
