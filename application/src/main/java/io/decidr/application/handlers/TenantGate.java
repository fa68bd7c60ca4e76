package io.decidr.application.handlers;

import io.decidr.application.command.CommandBus;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.decider.Rejection;
import io.decidr.eventstore.aggregates.Aggregates;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Looks up the requester's tenant so that commands on its data carry its status (suspended or not). */
public final class TenantGate {

    private final CommandBus bus;

    public TenantGate(CommandBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    /**
     * The context for a command on the requester's tenant's data; NOT_FOUND for a tenant never registered. The tenant
     * is looked up through the bus's trusted cache ({@link io.decidr.application.command.CommandBus#current}).
     */
    public Mono<CommandContext> context(Requester requester) {
        return bus.current(Aggregates.TENANT, requester.tenant().value(), requester.tenant().value())
                .map(loaded -> {
                    if (!loaded.state().exists()) {
                        throw Rejection.notFound("tenant " + requester.tenant() + " is not registered");
                    }
                    // a process putting back its own work is not stopped by a suspension (Requester#undoing)
                    return new CommandContext(requester.tenant(), requester.actor(),
                            loaded.state().suspended() && !requester.undoing());
                });
    }
}
