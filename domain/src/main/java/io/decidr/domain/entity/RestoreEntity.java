package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Makes an archived entity active again. */
public record RestoreEntity(CommandContext ctx, EntityId id) implements EntityCommand {

    public RestoreEntity {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}
