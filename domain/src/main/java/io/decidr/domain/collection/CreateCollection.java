package io.decidr.domain.collection;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Creates a collection, with no attributes yet. */
public record CreateCollection(CommandContext ctx, CollectionId id, String name) implements CollectionCommand {

    public CreateCollection {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}
