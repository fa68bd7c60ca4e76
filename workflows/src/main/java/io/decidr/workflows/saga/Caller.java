package io.decidr.workflows.saga;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.tenant.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Who a saga acts for, as plain values in its workflow's history: the tenant of their token, the user and the roles.
 */
public record Caller(UUID tenantId, String user, List<Role> roles) {

    public Caller {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(user, "user");
        roles = List.copyOf(roles);
    }

    public static Caller of(Requester requester) {
        return new Caller(requester.tenant().value(), requester.actor().user().value(),
                List.copyOf(requester.actor().roles()));
    }

    public Requester requester() {
        return new Requester(new TenantId(tenantId), new Actor(new UserId(user), Set.copyOf(roles)));
    }
}
