package io.decidr.domain.collection;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/**
 * Adds an attribute at the end of a collection's schema. A {@code personal} attribute's values are personal data:
 * sealed with their entity's key in the log and erased with it. Whether an attribute is personal never changes.
 */
public record DefineAttribute(
        CommandContext ctx, CollectionId id, AttributeId attributeId, String name, AttributeType type, boolean required,
        boolean personal)
        implements CollectionCommand {

    /** An attribute whose values are not personal. */
    public DefineAttribute(
            CommandContext ctx, CollectionId id, AttributeId attributeId, String name, AttributeType type, boolean required) {
        this(ctx, id, attributeId, name, type, required, false);
    }

    public DefineAttribute {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attributeId, "attributeId");
        Objects.requireNonNull(type, "type");
    }
}
