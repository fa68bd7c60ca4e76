package io.decidr.domain.tenant;

import io.decidr.domain.access.Actor;
import java.util.Objects;

/** Registers a new tenant. Platform admins only. */
public record RegisterTenant(TenantId id, String name, Actor actor) implements TenantCommand {

    public RegisterTenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
    }
}
