package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Archives an entity: it accepts no changes until restored, except removing links. */
public record ArchiveEntity(CommandContext ctx, EntityId id) implements EntityCommand {

    public ArchiveEntity {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}
