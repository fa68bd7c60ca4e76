package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionSchema;
import java.util.Objects;

/**
 * Removes what an entity still holds of an attribute its collection has removed: the value, or the links (their
 * targets' backlinks are the caller's to remove). Allowed on archived entities: nothing of a removed attribute stays.
 * Refused while the schema still defines the attribute.
 */
public record PurgeAttribute(CommandContext ctx, EntityId id, CollectionSchema schema, AttributeId attribute)
        implements EntityCommand {

    public PurgeAttribute {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(attribute, "attribute");
    }
}
