package io.decidr.domain.collection;

/** A collection was archived. */
public record CollectionArchived(CollectionId id) implements CollectionEvent {
}
