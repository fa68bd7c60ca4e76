package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionSchema;
import java.util.Objects;

/** Removes one attribute's value; required attributes cannot be cleared. */
public record ClearValue(
        CommandContext ctx, EntityId id, CollectionSchema schema, AttributeId attribute)
        implements EntityCommand {

    public ClearValue {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(attribute, "attribute");
    }
}
