package io.decidr.domain.collection;

/** An attribute was added at the end of the schema. */
public record AttributeDefined(CollectionId id, Attribute attribute) implements CollectionEvent {
}
