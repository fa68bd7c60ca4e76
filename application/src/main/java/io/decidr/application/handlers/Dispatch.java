package io.decidr.application.handlers;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandEnvelope;
import io.decidr.application.command.CommandOutcome;
import io.decidr.domain.access.CommandContext;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.aggregates.AggregateType;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** Sends domain commands for a requester through the bus, with their metadata. */
final class Dispatch {

    private Dispatch() {
    }

    static <C, S, E> Mono<CommandOutcome<E>> send(
            CommandBus bus, AggregateType<C, S, E> type, Requester requester, UUID streamTenant, C command,
            UUID commandId, Cause cause) {
        EventMetadata metadata = new EventMetadata(commandId, cause.causationId(), cause.correlationId(),
                requester.actor().user().value(), null, null);
        return bus.dispatch(type, new CommandEnvelope<>(requester.commandScope(), streamTenant, command, metadata));
    }

    /**
     * Sends a command on the requester's tenant's data: the command is built from the tenant's current
     * context (so it carries whether the tenant is suspended).
     */
    static <C, S, E> Mono<CommandOutcome<E>> sendInTenant(
            CommandBus bus, TenantGate tenants, AggregateType<C, S, E> type, Requester requester,
            Function<CommandContext, C> command, UUID commandId, Cause cause) {
        return tenants.context(requester).flatMap(ctx -> send(bus, type, requester, requester.tenant().value(),
                command.apply(ctx), commandId, cause));
    }

    /** {@link #sendInTenant} for a command a client sent itself, answered with the affected object. */
    static <C, S, E> Mono<Result> resultInTenant(
            CommandBus bus, TenantGate tenants, AggregateType<C, S, E> type, Requester requester,
            Function<CommandContext, C> command, UUID commandId) {
        return tenants.context(requester).flatMap(ctx -> {
            C built = command.apply(ctx);
            return send(bus, type, requester, requester.tenant().value(), built, commandId, Cause.of(requester, commandId))
                    .map(outcome -> Result.of(type.aggregateId().apply(built), outcome));
        });
    }
}
