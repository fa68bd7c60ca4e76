package io.decidr.domain.tenant;

import io.decidr.domain.access.Actor;
import java.util.Objects;

/** Suspends an active tenant, stating why; its data then accepts no changes. Platform admins only. */
public record SuspendTenant(TenantId id, String reason, Actor actor) implements TenantCommand {

    public SuspendTenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
    }
}
