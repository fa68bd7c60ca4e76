package io.decidr.domain.access;

import io.decidr.domain.tenant.TenantId;
import java.util.Objects;

/**
 * What every command on a tenant's data carries besides its own fields: the tenant, the actor, and the
 * tenant's status as the command handler looked it up (an aggregate never reads another aggregate).
 */
public record CommandContext(TenantId tenant, Actor actor, boolean tenantSuspended) {

    public CommandContext {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(actor, "actor");
    }
}
