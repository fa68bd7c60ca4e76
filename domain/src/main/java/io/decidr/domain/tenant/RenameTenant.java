package io.decidr.domain.tenant;

import io.decidr.domain.access.Actor;
import java.util.Objects;

/** Renames an active tenant. The tenant's admins or platform admins. */
public record RenameTenant(TenantId id, String name, Actor actor) implements TenantCommand {

    public RenameTenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
    }
}
