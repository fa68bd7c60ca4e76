package io.decidr.domain.collection;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Archives a collection: it and its entities accept no further changes. */
public record ArchiveCollection(CommandContext ctx, CollectionId id) implements CollectionCommand {

    public ArchiveCollection {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}
