package io.decidr.domain.collection;

/** A collection got a new {@code name} (stripped). */
public record CollectionRenamed(CollectionId id, String name) implements CollectionEvent {
}
