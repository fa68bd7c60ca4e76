package io.decidr.domain.tenant;

import io.decidr.domain.access.Actor;
import java.util.Objects;

/** Lifts a tenant's suspension. Platform admins only. */
public record ReactivateTenant(TenantId id, Actor actor) implements TenantCommand {

    public ReactivateTenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
    }
}
