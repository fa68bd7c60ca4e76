package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.AttributeId;
import java.util.Objects;

/** Removes a backlink, if present; allowed on archived entities, so that compensations always succeed. */
public record RemoveBacklink(
        CommandContext ctx, EntityId id, EntityId source, AttributeId sourceAttribute)
        implements EntityCommand {

    public RemoveBacklink {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceAttribute, "sourceAttribute");
    }
}
