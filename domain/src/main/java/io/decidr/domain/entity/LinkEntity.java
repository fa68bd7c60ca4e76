package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionSchema;
import java.util.Objects;

/** Links the entity to {@code target} through a link {@code attribute} of {@code schema}. */
public record LinkEntity(
        CommandContext ctx, EntityId id, CollectionSchema schema, AttributeId attribute, EntityId target)
        implements EntityCommand {

    public LinkEntity {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(target, "target");
    }
}
