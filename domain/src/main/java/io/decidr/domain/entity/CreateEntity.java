package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionSchema;
import java.util.Map;
import java.util.Objects;

/**
 * Creates an entity in {@code schema}'s collection with its first values, checked against that schema (as the
 * command handler read it). Links are added afterwards with {@link LinkEntity}.
 */
public record CreateEntity(
        CommandContext ctx, EntityId id, CollectionSchema schema, Map<AttributeId, Value> values)
        implements EntityCommand {

    public CreateEntity {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schema, "schema");
        values = Map.copyOf(values);
    }
}
