package io.decidr.domain.entity;

/** Something that happened to an entity. */
public sealed interface EntityEvent
        permits EntityCreated, ValueSet, ValueCleared, EntityArchived, EntityRestored, EntityLinked, EntityUnlinked,
                BacklinkAdded, BacklinkRemoved, EntityErased {

    /** The entity it happened to. */
    EntityId id();
}
