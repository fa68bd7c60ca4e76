package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import java.util.Map;

/** An entity was created in {@code collection} with {@code values}. */
public record EntityCreated(EntityId id, CollectionId collection, Map<AttributeId, Value> values)
        implements EntityEvent {

    public EntityCreated {
        values = Map.copyOf(values);
    }
}
