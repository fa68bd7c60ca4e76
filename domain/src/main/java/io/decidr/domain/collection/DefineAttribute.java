package io.decidr.domain.collection;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Adds an attribute at the end of a collection's schema. */
public record DefineAttribute(
        CommandContext ctx, CollectionId id, AttributeId attributeId, String name, AttributeType type, boolean required)
        implements CollectionCommand {

    public DefineAttribute {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attributeId, "attributeId");
        Objects.requireNonNull(type, "type");
    }
}
