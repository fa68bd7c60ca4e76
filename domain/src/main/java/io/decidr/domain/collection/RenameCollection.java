package io.decidr.domain.collection;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Renames a collection. */
public record RenameCollection(CommandContext ctx, CollectionId id, String name) implements CollectionCommand {

    public RenameCollection {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}
