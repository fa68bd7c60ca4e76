package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import java.util.Map;
import java.util.Set;

/**
 * An entity was created in {@code collection} with {@code values}; those of the {@code personal} attributes are
 * personal data of the entity.
 */
public record EntityCreated(EntityId id, CollectionId collection, Map<AttributeId, Value> values,
        Set<AttributeId> personal) implements EntityEvent {

    public EntityCreated {
        values = Map.copyOf(values);
        personal = personal == null ? Set.of() : Set.copyOf(personal);
    }

    /** An entity without personal values. */
    public EntityCreated(EntityId id, CollectionId collection, Map<AttributeId, Value> values) {
        this(id, collection, values, Set.of());
    }
}
