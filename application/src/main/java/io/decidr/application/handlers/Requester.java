package io.decidr.application.handlers;

import io.decidr.domain.access.Actor;
import io.decidr.domain.tenant.TenantId;
import java.util.Objects;

/**
 * Who sends a command: the tenant their token names (the only source of the tenant) and the actor.
 * The tenant is also the namespace of their command ids.
 */
public record Requester(TenantId tenant, Actor actor) {

    public Requester {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(actor, "actor");
    }

    public String commandScope() {
        return tenant.toString();
    }
}
