package io.decidr.application.handlers;

import io.decidr.application.command.CommandBus;
import io.decidr.domain.access.UserId;
import io.decidr.domain.tenant.GrantAdmin;
import io.decidr.domain.tenant.ReactivateTenant;
import io.decidr.domain.tenant.RegisterTenant;
import io.decidr.domain.tenant.RenameTenant;
import io.decidr.domain.tenant.SharePersonalValues;
import io.decidr.domain.tenant.SuspendTenant;
import io.decidr.domain.tenant.TenantCommand;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.aggregates.Aggregates;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** Tenant commands. A tenant's stream belongs to the tenant itself. */
public final class TenantHandler {

    private final CommandBus bus;

    public TenantHandler(CommandBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    /** Registers a new tenant; its id is derived from the command id, so a retry names the same tenant. */
    public Mono<Result> register(Requester requester, String name, UUID commandId) {
        return send(requester, new RegisterTenant(registeredId(requester, commandId), name, requester.actor()), commandId);
    }

    /** The id {@link #register} gives the tenant it registers for this requester and command id. */
    public static TenantId registeredId(Requester requester, UUID commandId) {
        return new TenantId(CommandIds.derive(requester, commandId, "tenant"));
    }

    /** Renames the requester's own tenant. */
    public Mono<Result> rename(Requester requester, String name, UUID commandId) {
        return send(requester, new RenameTenant(requester.tenant(), name, requester.actor()), commandId);
    }

    /**
     * Lets the requester's tenant's integration events and webhooks carry personal values ({@code shared}), or stops
     * it: decided again for each event when it is relayed or sent, so stopping holds back what is still queued too.
     */
    public Mono<Result> sharePersonalValues(Requester requester, boolean shared, UUID commandId) {
        return send(requester, new SharePersonalValues(requester.tenant(), shared, requester.actor()), commandId);
    }

    public Mono<Result> suspend(Requester requester, TenantId tenant, String reason, UUID commandId) {
        return send(requester, new SuspendTenant(tenant, reason, requester.actor()), commandId);
    }

    public Mono<Result> reactivate(Requester requester, TenantId tenant, UUID commandId) {
        return send(requester, new ReactivateTenant(tenant, requester.actor()), commandId);
    }

    /** Records {@code user} as an admin of the tenant (platform admins; nothing changes for an admin already granted). */
    public Mono<Result> grantAdmin(Requester requester, TenantId tenant, UserId user, UUID commandId) {
        return send(requester, new GrantAdmin(tenant, user, requester.actor()), commandId);
    }

    private Mono<Result> send(Requester requester, TenantCommand command, UUID commandId) {
        UUID tenant = command.id().value();
        return Dispatch.send(bus, Aggregates.TENANT, requester, tenant, command, commandId, Cause.of(requester, commandId))
                .map(outcome -> Result.of(tenant, outcome));
    }
}
