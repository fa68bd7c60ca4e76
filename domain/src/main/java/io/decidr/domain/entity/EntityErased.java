package io.decidr.domain.entity;

import io.decidr.domain.access.UserId;

/**
 * The entity's personal data was erased by {@code erasedBy} (an admin) for {@code reason}: its key is deleted, so every
 * personal value it ever had reads as {@link ErasedValue} from now on. Holds no personal data itself.
 */
public record EntityErased(EntityId id, UserId erasedBy, String reason) implements EntityEvent {
}
