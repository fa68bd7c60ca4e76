package io.decidr.domain.collection;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Renames an attribute; its values and links stay. */
public record RenameAttribute(CommandContext ctx, CollectionId id, AttributeId attributeId, String name)
        implements CollectionCommand {

    public RenameAttribute {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attributeId, "attributeId");
    }
}
