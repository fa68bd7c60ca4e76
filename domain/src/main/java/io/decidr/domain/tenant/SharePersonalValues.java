package io.decidr.domain.tenant;

import io.decidr.domain.access.Actor;
import java.util.Objects;

/**
 * Allows (or stops) the tenant's integration events and webhooks carrying the values of personal attributes: by
 * default they say only that one was set. The tenant's admins or platform admins, in an active tenant.
 */
public record SharePersonalValues(TenantId id, boolean shared, Actor actor) implements TenantCommand {

    public SharePersonalValues {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
    }
}
