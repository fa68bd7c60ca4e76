package io.decidr.domain.entity;

/** An entity was archived. */
public record EntityArchived(EntityId id) implements EntityEvent {
}
