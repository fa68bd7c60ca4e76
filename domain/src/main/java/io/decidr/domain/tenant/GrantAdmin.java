package io.decidr.domain.tenant;

import io.decidr.domain.access.Actor;
import io.decidr.domain.access.UserId;
import java.util.Objects;

/**
 * Records {@code user} as an admin of an active tenant (e.g. its first admin, when it is onboarded). Platform admins
 * only. The identity provider still issues the {@code admin} role in tokens: this is the tenant's own record of whom
 * it was granted to.
 */
public record GrantAdmin(TenantId id, UserId user, Actor actor) implements TenantCommand {

    public GrantAdmin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(actor, "actor");
    }
}
