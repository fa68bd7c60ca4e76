package io.decidr.domain.collection;

/** Something that happened to a collection. */
public sealed interface CollectionEvent
        permits CollectionCreated, CollectionRenamed, AttributeDefined, AttributeRenamed, AttributeRemoved,
                CollectionArchived {

    /** The collection it happened to. */
    CollectionId id();
}
