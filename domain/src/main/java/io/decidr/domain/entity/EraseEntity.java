package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Erases the entity's personal data (a data subject's request to be forgotten). Admins only. */
public record EraseEntity(CommandContext ctx, EntityId id, String reason) implements EntityCommand {

    public static final int MAX_REASON_LENGTH = 1_000;

    public EraseEntity {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}
