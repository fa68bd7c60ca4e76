package io.decidr.domain.collection;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/**
 * Removes an attribute from the schema. Entities keep what they hold for it; their commands no longer see it.
 */
public record RemoveAttribute(CommandContext ctx, CollectionId id, AttributeId attributeId)
        implements CollectionCommand {

    public RemoveAttribute {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attributeId, "attributeId");
    }
}
