package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionSchema;
import java.util.Objects;

/** Sets one attribute's value, checked against {@code schema} (the entity's collection as the handler read it). */
public record SetValue(
        CommandContext ctx, EntityId id, CollectionSchema schema, AttributeId attribute, Value value)
        implements EntityCommand {

    public SetValue {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
    }
}
