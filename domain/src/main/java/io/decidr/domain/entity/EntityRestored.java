package io.decidr.domain.entity;

/** An archived entity became active again. */
public record EntityRestored(EntityId id) implements EntityEvent {
}
