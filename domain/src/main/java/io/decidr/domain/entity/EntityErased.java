package io.decidr.domain.entity;

import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.AttributeId;
import java.util.Set;

/**
 * The entity's personal data was erased by {@code erasedBy} (an admin) for {@code reason}: its key is deleted, so every
 * personal value it ever had reads as {@link ErasedValue} from now on. {@code attributes} are those whose values were
 * personal (read models replace what they hold of them). Holds no personal data itself.
 */
public record EntityErased(EntityId id, UserId erasedBy, String reason, Set<AttributeId> attributes)
        implements EntityEvent {

    public EntityErased {
        attributes = attributes == null ? Set.of() : Set.copyOf(attributes);
    }
}
