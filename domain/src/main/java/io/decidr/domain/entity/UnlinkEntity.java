package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.AttributeId;
import java.util.Objects;

/** Removes a link, if present; allowed on archived entities, so that compensations always succeed. */
public record UnlinkEntity(
        CommandContext ctx, EntityId id, AttributeId attribute, EntityId target)
        implements EntityCommand {

    public UnlinkEntity {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(target, "target");
    }
}
